using TorchSharp;
using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public sealed class FanoBoundTests
{
    [Fact]
    public void TheCeilingRunsFromChanceAtNoInformationToOneAtLogK()
    {
        Assert.Equal(0.25, FanoBound.MaxAccuracy(0, 4), 6);
        Assert.Equal(1.0, FanoBound.MaxAccuracy(Math.Log(4), 4));
        Assert.Equal(1.0, FanoBound.MaxAccuracy(5, 4));
        // Two classes: h(P_e) = log 2 − I at the bound, checked by plugging the result back in.
        var accuracy = FanoBound.MaxAccuracy(0.2, 2);
        var error = 1 - accuracy;
        Assert.Equal(Math.Log(2) - 0.2, -error * Math.Log(error) - (1 - error) * Math.Log(1 - error), 6);
        // Monotone in the information.
        var ceilings = new[] { 0.0, 0.05, 0.3, 0.8, 1.2 }.Select(i => FanoBound.MaxAccuracy(i, 4)).ToArray();
        Assert.True(ceilings.Zip(ceilings.Skip(1)).All(p => p.First < p.Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => FanoBound.MaxAccuracy(-0.1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => FanoBound.MaxAccuracy(0.1, 1));
    }
}

public sealed class MutualInformationEstimateTests
{
    [Fact]
    public void MoreDrawsAgreeWithOneDrawAndCarryAStandardError()
    {
        using var scope = NewDisposeScope();
        // Two well-separated groups of tight posteriors: I(x; z) ≈ log 2 with a small error.
        var means = cat([full([100, 2], -5.0), full([100, 2], 5.0)], 0);
        var logVariances = full([200, 2], Math.Log(0.01));
        using var one = new Generator(3);
        using var again = new Generator(3);
        var single = LatentDiagnostics.MutualInformation(means, logVariances, one);
        var estimate = LatentDiagnostics.MutualInformationEstimate(means, logVariances, again, draws: 1);
        Assert.Equal(single, estimate.Nats, 12);
        using var many = new Generator(4);
        var tenDraws = LatentDiagnostics.MutualInformationEstimate(means, logVariances, many, draws: 10);
        Assert.Equal(Math.Log(2), tenDraws.Nats, 2);
        Assert.InRange(tenDraws.StandardError, 0, 0.01);
        Assert.Equal(Math.Log(200), tenDraws.Ceiling, 12);
        Assert.False(tenDraws.IsSaturated);
        // Overlapping posteriors (all the prior): about 0 nats.
        using var other = new Generator(5);
        var none = LatentDiagnostics.MutualInformationEstimate(zeros(200, 2, dtype: ScalarType.Float64), zeros(200, 2, dtype: ScalarType.Float64), other, draws: 5);
        Assert.InRange(none.Nats, -3 * none.StandardError - 0.01, 3 * none.StandardError + 0.01);
    }
}
