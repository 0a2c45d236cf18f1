using VaeLab.Data.Sequences;
using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 06 run both ways: the notebook's starting values ("not yet") and the solution's ("✓").</summary>
public sealed class Notebook06ExerciseTests
{
    [Fact]
    public void LinearVaeOptimum()
    {
        Assert.StartsWith("not yet", Notebook06.LinearVaeOptimum(-1, double.NaN).ToString());
        Assert.StartsWith("not yet", Notebook06.LinearVaeOptimum(3, 0.0).ToString());
        // Solution: variances 5, 3, 1.5 exceed σ² = 1; KL = ½ (log 5 + log 3 + log 1.5).
        var check = Notebook06.LinearVaeOptimum(3, 0.5 * (Math.Log(5) + Math.Log(3) + Math.Log(1.5)));
        Assert.True(check.Passed, check.ToString());
        Assert.StartsWith("✓", check.ToString());
    }

    [Fact]
    public void CyclicalStep()
    {
        Assert.StartsWith("not yet", Notebook06.CyclicalStep(-1).ToString());
        Assert.StartsWith("not yet", Notebook06.CyclicalStep(500).ToString());
        // Solution: cycles of 250 steps; the third starts at 500 and rises for 125 steps.
        Assert.StartsWith("✓", Notebook06.CyclicalStep(625).ToString());
    }

    [Fact]
    public void FreeBitsGradient()
    {
        Assert.StartsWith("not yet", Notebook06.FreeBitsGradient([]).ToString());
        Assert.StartsWith("not yet", Notebook06.FreeBitsGradient([1, 3]).ToString());
        Assert.StartsWith("✓", Notebook06.FreeBitsGradient([0, 2]).ToString());
    }

    [Fact]
    public void TopicInformation()
    {
        using var data = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: 500, Seed: 3));
        Assert.StartsWith("not yet", Notebook06.TopicInformation(double.NaN, data).ToString());
        Assert.StartsWith("not yet", Notebook06.TopicInformation(0, data).ToString());
        var solution = data.LogLikelihoodsGivenTopic().Average() - data.LogLikelihoods().Average();
        Assert.StartsWith("✓", Notebook06.TopicInformation(solution, data).ToString());
    }
}
