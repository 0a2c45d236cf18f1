using TorchSharp;
using VaeLab.Models.Quantizers;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Quantizers;

public class RotationTrickTests
{
    // λ Rᵀ g with R = I − 2 r rᵀ + 2 ê ẑᵀ built as a matrix, in doubles: the paper's formula written out.
    private static double[] ExpectedGradient(double[] z, double[] e, double[] g)
    {
        var d = z.Length;
        double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
        var zHat = z.Select(x => x / Norm(z)).ToArray();
        var eHat = e.Select(x => x / Norm(e)).ToArray();
        var sum = zHat.Zip(eHat, (a, b) => a + b).ToArray();
        var r = sum.Select(x => x / Norm(sum)).ToArray();
        var lambda = Norm(e) / Norm(z);
        var gradient = new double[d];
        for (var j = 0; j < d; j++)
            for (var i = 0; i < d; i++)
            {
                var rotation = (i == j ? 1 : 0) - 2 * r[i] * r[j] + 2 * eHat[i] * zHat[j];   // R[i, j]
                gradient[j] += lambda * rotation * g[i];                                     // (λ Rᵀ g)[j]
            }
        return gradient;
    }

    [Fact]
    public void Forward_gives_the_codes_and_backward_the_rotated_rescaled_gradient()
    {
        double[][] zs = [[0.3, -1.2, 0.8], [2.0, 0.1, -0.5]];
        double[][] es = [[1.0, -0.4, 0.2], [-0.3, 1.5, 0.7]];
        double[][] gs = [[0.5, -1.0, 2.0], [1.0, 0.3, -0.2]];
        var z = tensor(zs.SelectMany(v => v).ToArray(), [2, 3], dtype: ScalarType.Float64).requires_grad_();
        var e = tensor(es.SelectMany(v => v).ToArray(), [2, 3], dtype: ScalarType.Float64);
        var g = tensor(gs.SelectMany(v => v).ToArray(), [2, 3], dtype: ScalarType.Float64);

        var q = RotationTrick.Apply(z, e);
        Assert.True(q.detach().allclose(e, rtol: 0, atol: 1e-12), "forward must be the codes");
        (q * g).sum().backward();
        var gradient = z.grad!.data<double>().ToArray();
        for (var n = 0; n < 2; n++)
        {
            var expected = ExpectedGradient(zs[n], es[n], gs[n]);
            for (var j = 0; j < 3; j++) Assert.Equal(expected[j], gradient[n * 3 + j], 10);
        }
        // Straight-through would have passed g unchanged; the rotation changes it.
        Assert.False(z.grad!.allclose(g, atol: 1e-3));
    }

    [Fact]
    public void An_input_pointing_along_its_code_gets_the_gradient_scaled_by_the_length_ratio()
    {
        var z = tensor(new double[] { 1, 2, 2 }, [1, 3], dtype: ScalarType.Float64).requires_grad_();   // ‖z‖ = 3
        var e = tensor(new double[] { 2, 4, 4 }, [1, 3], dtype: ScalarType.Float64);                   // ‖e‖ = 6, same direction
        var g = tensor(new double[] { 1, -1, 0.5 }, [1, 3], dtype: ScalarType.Float64);
        (RotationTrick.Apply(z, e) * g).sum().backward();
        Assert.True(z.grad!.allclose(2 * g, atol: 1e-12), "R = I when ẑ = ê, so the gradient is λ g with λ = 2");
    }

    [Fact]
    public void The_quantiser_with_the_rotation_trick_keeps_its_values_and_sends_no_gradient_to_the_codebook()
    {
        var plain = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 5, CodeDimension: 4, Seed: 1));
        var rotating = new VectorQuantizer(new VectorQuantizerOptions(CodebookSize: 5, CodeDimension: 4, Seed: 1, UseRotationTrick: true));
        var codes = randn(5, 4, generator: new Generator(3));
        plain.SetCodebook(codes);
        rotating.SetCodebook(codes);
        var z = randn([2, 4, 3, 3], generator: new Generator(4)).requires_grad_();
        var a = plain.call(z);
        var b = rotating.call(z);
        Assert.True(a.Indices.equal(b.Indices).all().item<bool>());
        Assert.True(a.Quantized.detach().allclose(b.Quantized.detach(), atol: 1e-6));
        var decoderGradient = randn([2, 4, 3, 3], generator: new Generator(5));
        (b.Quantized * decoderGradient).sum().backward();
        Assert.NotNull(z.grad);
        Assert.False(z.grad!.allclose(decoderGradient, atol: 1e-3), "the encoder's gradient is rotated, not copied");
        Assert.True(rotating.Codebook.grad is null || rotating.Codebook.grad.abs().max().item<float>() == 0,
            "the decoder-side term must not reach the codebook");
    }

    [Fact]
    public void Mismatched_shapes_are_refused_with_both_shapes_named()
    {
        var error = Assert.Throws<ArgumentException>(() => RotationTrick.Apply(zeros(2, 3), zeros(2, 4)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[2, 4]", error.Message);
    }
}
