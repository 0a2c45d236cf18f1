using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class GaussianKlTests
{
    [Fact]
    public void KlToTheStandardNormalMatchesAMonteCarloEstimate()
    {
        using var generator = new Generator(1);
        using var q = DiagonalNormal.FromLogVariance(tensor(new[] { 0.5f, -1.0f, 2.0f }).reshape(1, 3), tensor(new[] { -0.5f, 0.3f, -2.0f }).reshape(1, 3));
        using var p = new StandardNormal(3);
        var analytic = GaussianKl.Total(GaussianKl.ToStandardNormal(q)).item<float>();

        // KL = E_q[log q(z) − log p(z)], estimated with 200,000 samples drawn by sample().
        var z = q.mean + q.stddev * randn(new long[] { 200_000, 3 }, generator: generator);
        var estimate = (q.log_prob(z) - p.log_prob(z)).mean().item<float>();
        Assert.InRange(estimate, analytic - 0.03, analytic + 0.03);
    }

    [Fact]
    public void PerDimensionMatchesTheClosedFormWrittenOut()
    {
        using var q = DiagonalNormal.FromLogVariance(tensor(new[] { 0.0f, 1.0f, -2.0f }).reshape(1, 3), tensor(new[] { 0.0f, MathF.Log(4f), MathF.Log(0.25f) }).reshape(1, 3));
        var perDimension = GaussianKl.ToStandardNormal(q).data<float>().ToArray();
        // ½(μ² + σ² − 1 − log σ²) by hand for each dimension.
        double[] expected = [0, 0.5 * (1 + 4 - 1 - Math.Log(4)), 0.5 * (4 + 0.25 - 1 - Math.Log(0.25))];
        for (var d = 0; d < 3; d++) Assert.Equal(expected[d], perDimension[d], 5);
        Assert.Equal(expected.Sum(), GaussianKl.Total(GaussianKl.ToStandardNormal(q)).item<float>(), 4);
    }

    [Fact]
    public void KlBetweenTwoGaussiansMatchesClosedFormAndMonteCarlo()
    {
        using var q = DiagonalNormal.FromStandardDeviation(tensor(new[] { 0.3, -1.0 }), tensor(new[] { 0.5, 2.0 }));
        using var p = DiagonalNormal.FromStandardDeviation(tensor(new[] { 1.0, 0.5 }), tensor(new[] { 1.5, 0.7 }));
        var kl = GaussianKl.Between(q, p).data<double>().ToArray();
        double[] byHand = [Math.Log(1.5 / 0.5) + (0.25 + 0.49) / (2 * 2.25) - 0.5, Math.Log(0.7 / 2.0) + (4 + 2.25) / (2 * 0.49) - 0.5];
        Assert.Equal(byHand[0], kl[0], 10);
        Assert.Equal(byHand[1], kl[1], 10);

        using var generator = new Generator(3);
        var z = q.mean + q.stddev * randn(new long[] { 400_000, 2 }, dtype: ScalarType.Float64, generator: generator);
        var estimate = (q.Normal.log_prob(z) - p.Normal.log_prob(z)).mean(new long[] { 0 }).data<double>().ToArray();
        Assert.InRange(estimate[0], kl[0] - 0.01, kl[0] + 0.01);
        Assert.InRange(estimate[1], kl[1] - 0.05, kl[1] + 0.05);
    }

    [Fact]
    public void KlToStandardNormalEqualsTheGeneralFormWithAStandardPrior()
    {
        using var generator = new Generator(2);
        using var q = DiagonalNormal.FromLogVariance(randn(new long[] { 4, 5 }, generator: generator), randn(new long[] { 4, 5 }, generator: generator));
        using var prior = DiagonalNormal.FromStandardDeviation(zeros_like(q.mean), ones_like(q.mean));
        Assert.True(GaussianKl.Between(q, prior).allclose(GaussianKl.ToStandardNormal(q), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void RsampleCarriesTheGradientAndSampleDoesNot()
    {
        var mean = tensor(new[] { 0.5f, -1f }, requires_grad: true);
        var logVariance = tensor(new[] { 0.2f, -0.4f }, requires_grad: true);
        using var q = DiagonalNormal.FromLogVariance(mean, logVariance);

        var z = q.rsample();
        Assert.True(z.requires_grad);
        z.square().sum().backward();
        // d(z²)/dμ = 2z for z = μ + σ·ε.
        Assert.True(mean.grad!.allclose(2 * z.detach(), rtol: 1e-5, atol: 1e-6));
        Assert.True(logVariance.grad!.abs().sum().item<float>() > 0);

        var cut = q.sample();
        Assert.False(cut.requires_grad); // no path back to μ or σ: the cut notebook 03 shows
    }

    [Fact]
    public void MismatchedShapesThrowACSharpException() =>
        Assert.Throws<ArgumentException>(() => DiagonalNormal.FromLogVariance(zeros(2, 3), zeros(2, 4)));
}
