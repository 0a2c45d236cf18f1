using VaeLab.Evaluation;
using VaeLab.Numerics;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class PairedVerdictTests
{
    [Fact]
    public void SettledOnlyWithThreeSeedsOfOneSignAndAMeanAboveTheSpread()
    {
        Assert.True(PairedVerdict.Settled(SeedSpread.Of([-1.0, -1.2, -0.9])));
        Assert.False(PairedVerdict.Settled(SeedSpread.Of([-1.0, -1.2])));            // two seeds
        Assert.False(PairedVerdict.Settled(SeedSpread.Of([-1.0, 0.5, -0.9])));        // signs disagree
        Assert.False(PairedVerdict.Settled(SeedSpread.Of([-0.1, -3.0, -0.05])));      // spread larger than the mean
    }

    [Fact]
    public void TheSentenceNamesTheLowerMethodAndWhetherLowerIsBetter()
    {
        var a = SeedSpread.Of([1.0, 1.1, 0.9]);
        var b = SeedSpread.Of([2.0, 2.2, 1.9]);
        var sentence = PairedVerdict.Compare("FID-like", "A", a, "B", b, "F2", lowerIsBetter: true);
        Assert.Contains("A is lower on every seed, better (settled)", sentence);
        Assert.Contains("(-1, -1.1, -1)", sentence);
        Assert.Contains("not settled", PairedVerdict.Compare("x", "A", SeedSpread.Of([1.0]), "B", SeedSpread.Of([2.0]), "F2"));
    }
}

public class PriorDrawsTests
{
    [Fact]
    public void ThinnestDrawsLieFurtherFromTheAggregatesMassThanTheDensest()
    {
        using var scope = NewDisposeScope();
        // q(z): two tight clusters at ±2 on the first axis; the densest prior draws lie near them, the thinnest far away.
        var means = cat([full(50, 2, 2.0f) * tensor(new[] { 1f, 0f }), full(50, 2, -2.0f) * tensor(new[] { 1f, 0f })], 0);
        using var aggregate = new AggregatePosterior(means, full(100, 2, MathF.Log(0.1f)));
        var ranked = PriorDraws.Ranked(aggregate, 400, 5, seed: 3);
        Assert.Equal([5L, 2L], ranked.Thinnest.shape);
        Assert.True(ranked.ThinnestLogQ.Max() < ranked.DensestLogQ.Min());
        Assert.True(ranked.DensestLogQ.Zip(ranked.DensestLogQ.Skip(1)).All(p => p.First >= p.Second));
    }
}
