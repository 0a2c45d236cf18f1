using VaeLab.Evaluation;
using VaeLab.Numerics;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class PairedVerdictTests
{
    [Fact]
    public void TheVerdictIsPairedDifferencesRuleWithItsReason()
    {
        string Sentence(double[] a) => PairedVerdict.Compare("x", "A", SeedSpread.Of(a), "B", SeedSpread.Of(a.Select(_ => 0.0)), "F2");
        Assert.True(PairedVerdict.Difference("A", SeedSpread.Of([-1.0, -1.2, -0.9]), "B", SeedSpread.Of([0.0, 0, 0])).Settled);
        Assert.Contains("A is lower on every seed (settled)", Sentence([-1.0, -1.2, -0.9]));
        Assert.Contains("not settled (2 seeds; a verdict needs at least 3)", Sentence([-1.0, -1.2]));
        Assert.Contains("not settled (the seeds disagree in sign: A is higher on 1 of 3)", Sentence([-1.0, 0.5, -0.9]));
        Assert.Contains("not settled (same sign on every seed, but the seed-to-seed spread", Sentence([-0.1, -3.0, -0.05]));
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
