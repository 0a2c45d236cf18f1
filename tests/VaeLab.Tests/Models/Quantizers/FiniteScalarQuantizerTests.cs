using TorchSharp;
using VaeLab.Models.Quantizers;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Quantizers;

public class FiniteScalarQuantizerTests
{
    [Theory]
    [InlineData(new[] { 8, 6, 5 }, 240)]
    [InlineData(new[] { 8, 5, 5, 5 }, 1000)]
    [InlineData(new[] { 2, 3 }, 6)]
    public void Index_and_code_vector_convert_both_ways_covering_every_code_once(int[] levels, int size)
    {
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions(levels));
        Assert.Equal(size, fsq.CodebookSize);
        var codes = fsq.AllCodes();
        Assert.Equal(new long[] { size, levels.Length }, codes.shape);
        Assert.Equal(arange(size, dtype: ScalarType.Int64).data<long>().ToArray(), fsq.CodesToIndices(codes).data<long>().ToArray());
        var distinct = codes.data<float>().ToArray().Chunk(levels.Length).Select(c => string.Join(",", c)).Distinct().Count();
        Assert.Equal(size, distinct);
        // Each channel takes exactly its L levels (k − ⌊L/2⌋)/⌊L/2⌋, k = 0 … L − 1.
        for (var i = 0; i < levels.Length; i++)
        {
            var half = levels[i] / 2;
            var expected = Enumerable.Range(0, levels[i]).Select(k => (float)(k - half) / half).ToArray();
            var seen = codes.select(1, i).data<float>().ToArray().Distinct().Order().ToArray();
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public void Mixed_radix_puts_the_first_channel_least_significant()
    {
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([8, 6, 5]));
        // Index 1 = digit 1 in channel 0: (1 − 4)/4; index 8 = digit 1 in channel 1: (1 − 3)/3; index 48 = digit 1 in channel 2.
        var codes = fsq.IndicesToCodes(tensor(new long[] { 0, 1, 8, 48 })).data<float>().ToArray();
        Assert.Equal(new[] { -1f, -1f, -1f }, codes[0..3]);
        Assert.Equal(new[] { -0.75f, -1f, -1f }, codes[3..6]);
        Assert.Equal(new[] { -1f, -2f / 3, -1f }, codes[6..9]);
        Assert.Equal(new[] { -1f, -1f, -0.5f }, codes[9..12]);
    }

    [Fact]
    public void Outputs_lie_on_the_grid_even_for_large_inputs_and_zero_maps_to_zero()
    {
        var levels = new[] { 8, 5, 5, 5 };
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions(levels));
        var z = 5 * randn([3, 4, 6, 6], generator: new Generator(1));
        var output = fsq.call(z);
        Assert.Equal(new long[] { 3, 4, 6, 6 }, output.Quantized.shape);
        Assert.Equal(new long[] { 3, 6, 6 }, output.Indices.shape);
        Assert.True(fsq.IndicesToCodes(output.Indices).allclose(output.Quantized.detach()));
        for (var i = 0; i < levels.Length; i++)
        {
            var half = levels[i] / 2;
            var scaled = output.Quantized.detach().select(1, i) * half;
            Assert.True(scaled.allclose(scaled.round(), atol: 1e-5), $"channel {i} off the grid");
            Assert.True(scaled.min().item<float>() >= -half && scaled.max().item<float>() <= (levels[i] - 1) - half + 1e-5);
        }
        // Large inputs saturate at the extreme levels: L = 8 reaches −4 and +3, L = 5 reaches ±2.
        var extreme = fsq.call(tensor(new float[,] { { -50, -50, 50, 0 }, { 50, 50, -50, 0 } })).Quantized.data<float>().ToArray();
        Assert.Equal(new[] { -1f, -1f, 1f, 0f, 0.75f, 1f, -1f, 0f }, extreme);
    }

    [Fact]
    public void The_bound_follows_the_papers_reference_code()
    {
        // google-research/fsq (the paper's appendix A.1): shift = tan(offset / half_l), not atanh.
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([8, 5, 2]));
        var z = tensor(new float[,] { { 0.3f, 0.3f, 0.3f } });
        var bounded = fsq.Bound(z).data<float>().ToArray();
        var h8 = 7 * (1 - 1e-3) / 2;
        var h5 = 4 * (1 - 1e-3) / 2;
        var h2 = 1 * (1 - 1e-3) / 2;
        Assert.Equal(h8 * Math.Tanh(0.3 + Math.Tan(0.5 / h8)) - 0.5, bounded[0], 5);
        Assert.Equal(h5 * Math.Tanh(0.3), bounded[1], 5);
        Assert.Equal(h2 * Math.Tanh(0.3 + Math.Tan(0.5 / h2)) - 0.5, bounded[2], 5);
        Assert.Equal(new[] { 0f, 0f, 0f }, fsq.call(zeros(1, 3)).Quantized.data<float>().ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_level_from_2_to_8_reaches_exactly_its_L_grid_values_without_NaN(int level)
    {
        // A channel of L levels next to a channel of 3, swept from far below to far above the bound's range.
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([level, 3]));
        var sweep = linspace(-12, 12, 4001);
        var z = stack([sweep, zeros_like(sweep)], 1).requires_grad_();
        var bounded = fsq.Bound(z.detach()).select(1, 0);
        Assert.False(bounded.isnan().any().item<bool>(), $"L = {level}: the bound gave NaN");
        var output = fsq.call(z);
        var quantized = output.Quantized;
        Assert.False(quantized.isnan().any().item<bool>(), $"L = {level}: the quantiser gave NaN");

        var half = level / 2;
        var expected = Enumerable.Range(0, level).Select(k => (float)(k - half) / half).ToArray();
        var seen = quantized.detach().select(1, 0).data<float>().ToArray().Distinct().Order().ToArray();
        Assert.Equal(expected, seen);

        var indices = output.Indices.data<long>().ToArray();
        Assert.All(indices, i => Assert.InRange(i, 0L, level * 3L - 1));
        Assert.Equal(level, indices.Distinct().Count());
        Assert.True(fsq.IndicesToCodes(output.Indices).allclose(quantized.detach()));
        Assert.Equal(0f, fsq.call(zeros(1, 2)).Quantized.data<float>()[0]);

        quantized.select(1, 0).sum().backward();
        Assert.False(z.grad!.isnan().any().item<bool>(), $"L = {level}: NaN gradient");
        Assert.True(z.grad!.select(1, 0).narrow(0, 1900, 200).abs().min().item<float>() > 0, "the straight-through gradient reaches z");
    }

    [Fact]
    public void Rounding_passes_the_gradient_of_the_bound_straight_through()
    {
        var fsq = new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([8, 5]));
        var z = randn([4, 2], generator: new Generator(2)).requires_grad_();
        fsq.call(z).Quantized.sum().backward();
        // d/dz [h tanh(z + s) − o] / ⌊L/2⌋ = h (1 − tanh²(z + s)) / ⌊L/2⌋: nonzero, the rounding adds nothing.
        var boundInput = z.detach().clone().requires_grad_();
        (fsq.Bound(boundInput) / tensor(new float[] { 4, 2 })).sum().backward();
        Assert.True(z.grad!.allclose(boundInput.grad!));
        Assert.True((z.grad!.abs() > 0.01).all().item<bool>());
    }

    [Fact]
    public void Bad_levels_and_inputs_give_one_line_errors()
    {
        AssertOneLine(() => new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([8, 1, 5])), "at least 2");
        AssertOneLine(() => new FiniteScalarQuantizer(new FiniteScalarQuantizerOptions([])), "at least one channel");
        var fsq = new FiniteScalarQuantizer(FiniteScalarQuantizerOptions.About256);
        AssertOneLine(() => fsq.call(zeros(2, 4, 3, 3)), "[N, 3, H, W]");
        AssertOneLine(() => fsq.IndicesToCodes(tensor(new long[] { 240 })), "[0, 240)");
    }

    private static void AssertOneLine(Action action, string mentions)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(mentions, error.Message);
    }
}
