using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 04 both ways: the notebook's starting value says "not yet", the solution's "✓".</summary>
public class Notebook04ExerciseTests
{
    [Fact]
    public void Predictions_need_an_answer_and_must_match_the_measurement()
    {
        Assert.StartsWith("not yet", Notebook04.BetaLowersKl(null, 20, 25).ToString());
        Assert.True(Notebook04.BetaLowersKl(true, 20, 25).Passed);
        Assert.False(Notebook04.BetaLowersKl(false, 20, 25).Passed);
        Assert.False(Notebook04.IwaeRise(null, 3, 1).Passed);
        Assert.True(Notebook04.IwaeRise(true, 3, 1).Passed);
        Assert.True(Notebook04.IwaeRise(false, 1, 3).Passed);
        Assert.False(Notebook04.NeighboursIn20D(null, 0.9, 0.5).Passed);
        Assert.True(Notebook04.NeighboursIn20D(true, 0.9, 0.5).Passed);
        Assert.False(Notebook04.NeighboursIn20D(false, 0.9, 0.5).Passed);
    }

    [Fact]
    public void Clamped_binary_cross_entropy_is_minus_one_hundred()
    {
        // PyTorch 1.13's formula: a target of −1 is accepted, log p is clamped at −100 (platform-notes: summed loss
        // 2.77 / −100 for targets (−1, −1, 1, 0) at logits 0 / −200).
        Assert.Equal(Math.Log(2), Notebook04.SeedLoss(0, -1), 6);
        Assert.Equal(-100, Notebook04.SeedLoss(-200, -1), 6);
        Assert.Equal(-100, new[] { -1.0, -1, 1, 0 }.Sum(t => Notebook04.SeedLoss(-200, t)), 6);
        Assert.Equal(4 * Math.Log(2), new[] { -1.0, -1, 1, 0 }.Sum(t => Notebook04.SeedLoss(0, t)), 6);
        Assert.False(Notebook04.ClampedBinaryCrossEntropyValue(double.NaN).Passed);
        Assert.False(Notebook04.ClampedBinaryCrossEntropyValue(double.PositiveInfinity).Passed);
        Assert.False(Notebook04.ClampedBinaryCrossEntropyValue(100).Passed);
        Assert.True(Notebook04.ClampedBinaryCrossEntropyValue(-100).Passed);
    }
}
