using TorchSharp;
using VaeLab.Models.Quantizers;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Quantizers;

public class VectorQuantizerTests
{
    [Fact]
    public void Nearest_codes_match_a_brute_force_search_and_outputs_keep_the_layout()
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 7, CodeDimension: 3, Seed: 2));
        vq.SetCodebook(randn(7, 3, generator: new Generator(5)));
        var z = randn([2, 3, 4, 5], generator: new Generator(6));
        var output = vq.call(z);
        Assert.Equal(new long[] { 2, 3, 4, 5 }, output.Quantized.shape);
        Assert.Equal(new long[] { 2, 4, 5 }, output.Indices.shape);
        Assert.Equal(ScalarType.Int64, output.Indices.dtype);
        Assert.Equal(new long[] { 2 }, output.CodebookLoss.shape);

        var codes = vq.Codebook.detach().data<float>().ToArray();
        var values = z.data<float>().ToArray();
        var indices = output.Indices.data<long>().ToArray();
        var quantized = output.Quantized.detach().data<float>().ToArray();
        var commitment = new double[2];
        for (var n = 0; n < 2; n++)
            for (var h = 0; h < 4; h++)
                for (var w = 0; w < 5; w++)
                {
                    double Value(int c) => values[((n * 3 + c) * 4 + h) * 5 + w];
                    var best = -1; var bestDistance = double.MaxValue;
                    for (var k = 0; k < 7; k++)
                    {
                        var distance = 0.0;
                        for (var c = 0; c < 3; c++) distance += Math.Pow(Value(c) - codes[k * 3 + c], 2);
                        if (distance < bestDistance) { bestDistance = distance; best = k; }
                    }
                    Assert.Equal(best, indices[(n * 4 + h) * 5 + w]);
                    for (var c = 0; c < 3; c++)
                        Assert.Equal(codes[best * 3 + c], quantized[((n * 3 + c) * 4 + h) * 5 + w], 5);
                    commitment[n] += bestDistance / (3 * 4 * 5);
                }
        var losses = output.CommitmentLoss.data<float>().ToArray();
        for (var n = 0; n < 2; n++) Assert.Equal(commitment[n], losses[n], 4);
        Assert.True(output.CodebookLoss.allclose(output.CommitmentLoss));
        Assert.True(vq.Lookup(output.Indices).allclose(output.Quantized.detach()));
        Assert.True(vq.NearestIndices(z).equal(output.Indices).all().item<bool>());
    }

    [Fact]
    public void Vector_inputs_give_one_index_per_row()
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 3, CodeDimension: 2));
        vq.SetCodebook(tensor(new float[,] { { 0, 0 }, { 5, 0 }, { 0, 5 } }));
        var output = vq.call(tensor(new float[,] { { 4, 1 }, { 1, 6 }, { -1, 0.5f } }));
        Assert.Equal(new long[] { 1, 2, 0 }, output.Indices.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 2 }, output.Quantized.shape);
        // Per example: mean over the 2 channels of the squared distance, e.g. ((4−5)² + 1²)/2 = 1.
        Assert.Equal(new[] { 1f, 1f, 0.625f }, output.CommitmentLoss.data<float>().ToArray());
    }

    [Fact]
    public void Straight_through_gradient_reaches_the_input_unchanged()
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 5, CodeDimension: 2));
        vq.SetCodebook(randn(5, 2, generator: new Generator(1)));
        var z = randn([3, 2, 2, 2], generator: new Generator(2)).requires_grad_();
        var quantized = vq.call(z).Quantized;
        // A nonlinear "decoder loss" of the quantised values: its gradient at q is 3q² + 1.
        (quantized.pow(3) + quantized).sum().backward();
        var atQuantized = quantized.detach().clone().requires_grad_();
        (atQuantized.pow(3) + atQuantized).sum().backward();
        Assert.True(z.grad!.allclose(atQuantized.grad!), "∂L/∂z_e must equal ∂L/∂q");
        Assert.False(z.grad!.allclose(3 * z.detach().pow(2) + 1), "the gradient is taken at q, not at z_e");
        Assert.Null(vq.Codebook.grad); // the reconstruction term does not move codes
    }

    [Fact]
    public void Codebook_loss_moves_only_codes_and_commitment_loss_only_the_encoder()
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 2, CodeDimension: 1));
        vq.SetCodebook(tensor(new float[,] { { 0 }, { 10 } }));
        var z = tensor(new float[,] { { 1 }, { 3 }, { 9 } }).requires_grad_();

        vq.call(z).CodebookLoss.sum().backward();
        Assert.True(z.grad is null || z.grad.abs().max().item<float>() == 0, "codebook loss must not reach z_e");
        // d/de_k Σ_n (z_n − e_k)² over n assigned to k = −2 Σ (z_n − e_k): code 0 gets −2(1 + 3) = −8, code 1 gets −2(9 − 10) = 2.
        Assert.Equal(new[] { -8f, 2f }, vq.Codebook.grad!.data<float>().ToArray());

        vq.Codebook.grad!.zero_();
        vq.call(z).CommitmentLoss.sum().backward();
        Assert.Equal(new[] { 0f, 0f }, vq.Codebook.grad!.data<float>().ToArray());
        // d/dz_n (z_n − e)² = 2(z_n − e): 2, 6, −2.
        Assert.Equal(new[] { 2f, 6f, -2f }, z.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Forward_changes_no_state_and_the_ema_codebook_is_a_buffer()
    {
        var plain = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 4, CodeDimension: 2));
        Assert.Single(plain.parameters());
        var ema = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 4, CodeDimension: 2, UseEma: true));
        Assert.Empty(ema.parameters());
        Assert.Equal(["codebook", "usage_count", "code_sums"], ema.state_dict().Keys.ToArray());
        ema.train();
        var before = ema.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        ema.call(randn(8, 2, generator: new Generator(3)));
        foreach (var (key, value) in ema.state_dict()) Assert.True(value.equal(before[key]).all().item<bool>(), key);
    }

    [Fact]
    public void Ema_update_matches_a_hand_computation()
    {
        const double epsilon = 1e-5;
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 2, CodeDimension: 2, UseEma: true, EmaDecay: 0.5,
            LaplaceEpsilon: epsilon, DeadCodeThreshold: 0));
        vq.SetCodebook(tensor(new float[,] { { 0, 0 }, { 10, 10 } })); // counts start at 1, sums at codes × 1
        var z = tensor(new float[,] { { 1, 1 }, { 3, 1 }, { 9, 9 } });
        var indices = vq.call(z).Indices;
        Assert.Equal(new long[] { 0, 0, 1 }, indices.data<long>().ToArray());
        vq.UpdateEma(z, indices);
        // N = 0.5·1 + 0.5·(2, 1) = (1.5, 1); m_0 = 0.5·(0, 0) + 0.5·(4, 2) = (2, 1); m_1 = 0.5·(10, 10) + 0.5·(9, 9) = (9.5, 9.5).
        Assert.Equal(new[] { 1.5f, 1f }, vq.UsageCount.data<float>().ToArray());
        var total = 2.5;
        double Smoothed(double count) => (count + epsilon) / (total + 2 * epsilon) * total;
        var expected = new[] { 2 / Smoothed(1.5), 1 / Smoothed(1.5), 9.5 / Smoothed(1), 9.5 / Smoothed(1) };
        var actual = vq.Codebook.data<float>().ToArray();
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 4);
        Assert.NotEqual(2 / 1.5, actual[0], 7); // the smoothing is really applied

        // Second step with code 1 unused: its sum and count both halve, so it stays (almost) where it was.
        var z2 = tensor(new float[,] { { 2, 0 } });
        vq.UpdateEma(z2, vq.call(z2).Indices);
        Assert.Equal(new[] { 1.25f, 0.5f }, vq.UsageCount.data<float>().ToArray());
        total = 1.75;
        var second = vq.Codebook.data<float>().ToArray();
        Assert.Equal(2.0 / Smoothed(1.25), second[0], 4); // m_0 = 0.5·(2, 1) + 0.5·(2, 0) = (2, 0.5)
        Assert.Equal(0.5 / Smoothed(1.25), second[1], 4);
        Assert.Equal(4.75 / Smoothed(0.5), second[2], 4);
    }

    [Fact]
    public void Without_ema_the_update_keeps_usage_counts_but_leaves_the_codebook_to_the_optimizer()
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 2, CodeDimension: 1, EmaDecay: 0.5, DeadCodeThreshold: 0));
        vq.SetCodebook(tensor(new float[,] { { 0 }, { 10 } }));
        var z = tensor(new float[,] { { 1 }, { 2 }, { 3 } });
        vq.UpdateEma(z, vq.call(z).Indices);
        Assert.Equal(new[] { 2f, 0.5f }, vq.UsageCount.data<float>().ToArray());
        Assert.Equal(new[] { 0f, 10f }, vq.Codebook.data<float>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dead_code_restart_revives_a_code_that_was_never_used(bool useEma)
    {
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 4, CodeDimension: 2, UseEma: useEma, EmaDecay: 0.5,
            DeadCodeThreshold: 0.5));
        vq.SetCodebook(tensor(new float[,] { { 0, 0 }, { 4, 0 }, { 0, 4 }, { 100, 100 } }));
        var centres = tensor(new float[,] { { 0, 0 }, { 4, 0 }, { 0, 4 } });
        var data = centres.repeat(10, 1) + 0.3f * randn(30, 2, generator: new Generator(7));
        for (var step = 0; step < 3; step++)
            vq.UpdateEma(data, vq.call(data).Indices);
        Assert.Equal(0, (vq.call(data).Indices == 3).sum().item<long>());
        Assert.Equal(0.5f * 0.5f * 0.5f * 0.5f, vq.UsageCount[3].item<float>(), 6); // 0.5 (start) · 0.5³

        Assert.Equal(1, vq.RestartDeadCodes(data, seed: 1));
        var revived = vq.Codebook[3].detach();
        var distances = (data - revived).square().sum(dim: 1);
        Assert.Equal(0f, distances.min().item<float>(), 6); // re-seeded at one of the recent encoder outputs
        Assert.Equal(0.5f, vq.UsageCount[3].item<float>());
        Assert.True((vq.call(data).Indices == 3).sum().item<long>() >= 1, "the revived code is chosen again");
        Assert.Equal(0, vq.RestartDeadCodes(data, seed: 1)); // nothing else is dead

        var again = new VectorQuantizer(vq.Options);
        again.SetCodebook(tensor(new float[,] { { 0, 0 }, { 4, 0 }, { 0, 4 }, { 100, 100 } }));
        for (var step = 0; step < 3; step++) again.UpdateEma(data, again.call(data).Indices);
        again.RestartDeadCodes(data, seed: 1);
        Assert.True(again.Codebook.equal(vq.Codebook).all().item<bool>(), "same seed, same restart");
    }

    [Fact]
    public void Kmeans_initialisation_quantises_clustered_data_better_than_random_initialisation()
    {
        var generator = new Generator(11);
        var centres = 10 * randn(8, 3, generator: generator);
        var data = centres.repeat(40, 1) + 0.1f * randn(320, 3, generator: generator);
        var options = new VectorQuantizerOptions(CodebookSize: 8, CodeDimension: 3);

        var untouched = new VectorQuantizer(options);
        var randomRows = new VectorQuantizer(options);
        randomRows.InitialiseFromData(data, seed: 3, iterations: 0);
        var kmeans = new VectorQuantizer(options);
        kmeans.InitialiseFromData(data, seed: 3);

        var errorDefault = untouched.QuantisationError(data);
        var errorRandomRows = randomRows.QuantisationError(data);
        var errorKmeans = kmeans.QuantisationError(data);
        Assert.True(errorKmeans < errorRandomRows && errorRandomRows < errorDefault,
            $"k-means {errorKmeans}, random rows {errorRandomRows}, default {errorDefault}");
        // Measured: k-means 5.2, random rows 22, default 71 (random starts can leave a cluster without a code; Lloyd still halves the error).
        Assert.True(errorKmeans < 0.5 * errorRandomRows, $"Lloyd iterations should at least halve the error: {errorKmeans} vs {errorRandomRows}");

        var repeat = new VectorQuantizer(options);
        repeat.InitialiseFromData(data, seed: 3);
        Assert.True(repeat.Codebook.equal(kmeans.Codebook).all().item<bool>(), "same seed, same codebook");
        Assert.Throws<ArgumentException>(() => kmeans.InitialiseFromData(data.narrow(0, 0, 5), seed: 1));
    }

    [Fact]
    public void Bad_options_and_inputs_give_one_line_errors()
    {
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 1)), "CodebookSize");
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(CodeDimension: 0)), "CodeDimension");
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(EmaDecay: 1.0)), "EmaDecay");
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(EmaDecay: 0.0)), "EmaDecay");
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(LaplaceEpsilon: 0)), "LaplaceEpsilon");
        AssertOneLine(() => new VectorQuantizer(new VectorQuantizerOptions(DeadCodeThreshold: -1)), "DeadCodeThreshold");
        var vq = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 4, CodeDimension: 2));
        AssertOneLine(() => vq.call(zeros(2, 3, 4, 4)), "[N, 2, H, W]");
        AssertOneLine(() => vq.call(zeros(2, 2, dtype: ScalarType.Float64)), "dtype");
        AssertOneLine(() => vq.UpdateEma(zeros(2, 2), tensor(new long[] { 0, 9 })), "[0, 4)");
    }

    private static void AssertOneLine(Action action, string mentions)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(mentions, error.Message);
    }
}
