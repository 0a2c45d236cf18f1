using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class AggregatePosteriorTests
{
    [Fact]
    public void OneComponentIsItsGaussian()
    {
        using var q = new AggregatePosterior(tensor(new[,] { { 1.0, -2.0 } }), tensor(new[,] { { Math.Log(4.0), 0.0 } }));
        var points = tensor(new[,] { { 1.0, -2.0 }, { 3.0, 0.0 } });
        var logQ = q.LogDensity(points).data<double>().ToArray();
        double Expected(double z1, double z2) =>
            -0.5 * Math.Log(2 * Math.PI * 4) - (z1 - 1) * (z1 - 1) / 8 - 0.5 * Math.Log(2 * Math.PI) - (z2 + 2) * (z2 + 2) / 2;
        Assert.Equal(Expected(1, -2), logQ[0], 10);
        Assert.Equal(Expected(3, 0), logQ[1], 10);
    }

    [Fact]
    public void TwoComponentsMomentsByHand()
    {
        // μ = (±1, 0), σ² = 1: m = 0, C = diag(1 + 1, 0 + 1); KL(N(0, C) ‖ N(0, I)) = ½ (3 − 2 − log 2).
        using var q = new AggregatePosterior(tensor(new[,] { { 1.0, 0.0 }, { -1.0, 0.0 } }), zeros(2, 2, ScalarType.Float64));
        var moments = q.Moments();
        Assert.Equal(0.0, moments.MeanNorm, 12);
        Assert.Equal([1.0, 2.0], moments.CovarianceEigenvalues.Select(v => Math.Round(v, 10)));
        Assert.Equal(0.5 * (1 - Math.Log(2)), moments.GaussianKlToPrior, 10);
        // the mixture density at a point: ½ N(z; (1,0), I) + ½ N(z; (−1,0), I)
        var logQ = q.LogDensity(tensor(new[,] { { 0.0, 0.0 } })).item<double>();
        Assert.Equal(Math.Log(Math.Exp(-0.5) / (2 * Math.PI)), logQ, 10);
    }

    [Fact]
    public void DrawsFollowTheMixtureAndHolesAreWhereItIsThin()
    {
        using var q = new AggregatePosterior(tensor(new[,] { { 3.0, 0.0 }, { -3.0, 0.0 } }), full(2, 2, Math.Log(0.25), ScalarType.Float64));
        var draws = q.Sample(20_000, seed: 4);
        Assert.InRange(draws.select(1, 0).abs().mean().item<float>(), 2.95f, 3.05f);
        var threshold = q.HoleThreshold(0.01, draws: 4000, seed: 5);
        Assert.InRange(q.ShareBelow(q.Sample(4000, seed: 6), threshold), 0.004, 0.02);
        // the origin lies between the two components, 6 standard deviations from each: a hole
        Assert.Equal(1.0, q.ShareBelow(zeros(1, 2), threshold));
        Assert.Throws<ArgumentException>(() => q.LogDensity(zeros(3, 5)));
        Assert.Throws<ArgumentException>(() => new AggregatePosterior(zeros(3, 2), zeros(3, 4)));
    }
}

public class TwoSampleTestTests
{
    [Fact]
    public void SameDistributionIsNearChanceAndSeparatedSetsAreTold()
    {
        using var generator = new Generator(8);
        var a = randn([400, 3], generator: generator);
        var b = randn([400, 3], generator: generator);
        Assert.InRange(TwoSampleTest.NearestNeighbourAccuracy(a, b), 0.4, 0.56);
        Assert.Equal(1.0, TwoSampleTest.NearestNeighbourAccuracy(a, b + 20));
        Assert.Throws<ArgumentException>(() => TwoSampleTest.NearestNeighbourAccuracy(a, randn(10, 2)));
    }
}
