using VaeLab.Losses;
using static TorchSharp.torch;

namespace VaeLab.Tests.Losses;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class GaussianKlTests
{
    [Fact]
    public void AnalyticKlMatchesMonteCarloEstimate()
    {
        manual_seed(1);
        var mean = tensor(new[] { 0.5f, -1.0f, 2.0f }).reshape(1, 3);
        var logVariance = tensor(new[] { -0.5f, 0.3f, -2.0f }).reshape(1, 3);
        var analytic = GaussianKl.Total(mean, logVariance).item<float>();

        // KL = E_q[log q(z) − log p(z)], estimated with 200,000 samples.
        var z = mean + (0.5 * logVariance).exp() * randn(200_000, 3);
        var estimate = (GaussianLogDensity.Diagonal(z, mean, logVariance) - GaussianLogDensity.StandardNormal(z)).mean().item<float>();

        Assert.InRange(estimate, analytic - 0.03, analytic + 0.03);
    }

    [Fact]
    public void PerDimensionMatchesClosedFormAndSumsToTotal()
    {
        var mean = tensor(new[] { 0.0f, 1.0f, -2.0f }).reshape(1, 3);
        var logVariance = tensor(new[] { 0.0f, MathF.Log(4f), MathF.Log(0.25f) }).reshape(1, 3);
        var perDimension = GaussianKl.PerDimension(mean, logVariance).data<float>().ToArray();

        // ½(μ² + σ² − 1 − log σ²) written out by hand for each dimension.
        double[] expected = [0, 0.5 * (1 + 4 - 1 - Math.Log(4)), 0.5 * (4 + 0.25 - 1 - Math.Log(0.25))];
        for (var d = 0; d < 3; d++) Assert.Equal(expected[d], perDimension[d], 5);
        Assert.Equal(expected.Sum(), GaussianKl.Total(mean, logVariance).item<float>(), 4);
    }

    [Fact]
    public void GeneralKlAgainstStandardNormalEqualsPriorKl()
    {
        manual_seed(2);
        var (mean, logVariance) = (randn(4, 5), randn(4, 5));
        var general = GaussianKl.Between(mean, logVariance, zeros(4, 5), zeros(4, 5));
        Assert.True(general.allclose(GaussianKl.PerDimension(mean, logVariance), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void MismatchedShapesThrow() =>
        Assert.Throws<ArgumentException>(() => GaussianKl.PerDimension(zeros(2, 3), zeros(2, 4)));
}
