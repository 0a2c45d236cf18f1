using VaeLab.Evaluation.Disentanglement;
using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 05 both ways: the notebook's starting value says "not yet", the solution's "✓".</summary>
public class Notebook05ExerciseTests
{
    [Fact]
    public void Elbo_from_rate_and_distortion()
    {
        Assert.StartsWith("not yet", Notebook05.ElboFromRateDistortion(null, 12.5, 40.25).ToString());
        Assert.False(Notebook05.ElboFromRateDistortion(52.75, 12.5, 40.25).Passed); // the sign matters
        Assert.StartsWith("✓", Notebook05.ElboFromRateDistortion(-52.75, 12.5, 40.25).ToString());
    }

    [Fact]
    public void Minibatch_weighted_offset()
    {
        Assert.False(Notebook05.MinibatchWeightedOffset(null, 10, 6144).Passed);
        Assert.False(Notebook05.MinibatchWeightedOffset(10 * Math.Log(6144), 10, 6144).Passed);
        Assert.True(Notebook05.MinibatchWeightedOffset(78.5, 10, 6144).Passed);
    }

    [Fact]
    public void Factor_vae_chance_level()
    {
        Assert.False(Notebook05.FactorVaeChance(null, 5).Passed);
        Assert.False(Notebook05.FactorVaeChance(0, 5).Passed);
        Assert.True(Notebook05.FactorVaeChance(0.2, 5).Passed);
    }

    [Fact]
    public void Best_captured_factor()
    {
        var mig = new MigResult(["shape", "scale", "rotation", "x", "y"], [0.01, 0.1, 0.0, 0.45, 0.5], 0.2, new double[5, 5], [1, 1, 1, 1, 1], 20);
        Assert.StartsWith("not yet", Notebook05.BestCapturedFactor(null, mig).ToString());
        Assert.False(Notebook05.BestCapturedFactor("colour", mig).Passed);
        Assert.False(Notebook05.BestCapturedFactor("x", mig).Passed);
        Assert.True(Notebook05.BestCapturedFactor("Y", mig).Passed);
    }
}
