using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>
/// Each check of notebook 05 both ways: the notebook's starting function says "not yet", the solution's "✓"; typical wrong
/// answers get a hint that does not give the expected value away. SolutionRunTests runs the same solutions in a real quick run.
/// </summary>
public class Notebook05ExerciseTests
{
    private static readonly (double Rate, double Distortion, double Elbo)[] Runs = [(12.5, 40.25, -52.75), (3.1, 97.4, -100.5)];

    [Fact]
    public void Elbo_from_rate_and_distortion()
    {
        Assert.StartsWith("not yet", Notebook05.ElboFromRateDistortion((rate, distortion) => double.NaN, Runs).ToString());
        var wrongSign = Notebook05.ElboFromRateDistortion((rate, distortion) => rate + distortion, Runs);
        Assert.False(wrongSign.Passed);
        Assert.Contains("sign", wrongSign.Message);
        Assert.False(Notebook05.ElboFromRateDistortion((rate, distortion) => rate - distortion, Runs).Passed);
        Assert.StartsWith("✓", Notebook05.ElboFromRateDistortion((rate, distortion) => -(distortion + rate), Runs).ToString());
        // A function that only reproduces the shown runs fails on the check's own points.
        Assert.False(Notebook05.ElboFromRateDistortion((rate, distortion) => rate == 12.5 ? -52.75 : -100.5, Runs).Passed);
        // The measured ELBO decides: a run whose ELBO is not −(rate + distortion) fails even the right formula.
        Assert.False(Notebook05.ElboFromRateDistortion((rate, distortion) => -(distortion + rate), [(1, 2, -4)]).Passed);
    }

    [Fact]
    public void Minibatch_weighted_offset_is_measured_not_assumed()
    {
        // The identity the exercise teaches, measured on random posteriors with the library's estimator.
        foreach (var (d, n, m) in new[] { (10, 6144L, 64), (4, 300L, 12) })
            Assert.Equal((d - 1) * Math.Log(n), Notebook05.MeasuredGap(d, n, m, seed: 1), 6);
        Assert.StartsWith("not yet", Notebook05.MinibatchWeightedOffset((latents, images) => double.NaN).ToString());
        var missingOne = Notebook05.MinibatchWeightedOffset((latents, images) => latents * Math.Log(images));
        Assert.False(missingOne.Passed);
        Assert.DoesNotContain("78", missingOne.Message);
        Assert.Contains("natural", Notebook05.MinibatchWeightedOffset((latents, images) => (latents - 1) * Math.Log10(images)).Message);
        Assert.False(Notebook05.MinibatchWeightedOffset((latents, images) => 78.5).Passed); // the notebook's value only
        Assert.StartsWith("✓", Notebook05.MinibatchWeightedOffset((latents, images) => (latents - 1) * Math.Log(images)).ToString());
    }

    [Fact]
    public void Factor_vae_chance_level()
    {
        int[] sizes = [3, 4, 8, 8, 8];
        string[] names = ["shape", "scale", "rotation", "x", "y"];
        Assert.StartsWith("not yet", Notebook05.FactorVaeChance(factors => double.NaN, sizes, names).ToString());
        Assert.False(Notebook05.FactorVaeChance(factors => 0, sizes, names).Passed);
        Assert.False(Notebook05.FactorVaeChance(factors => 0.2, sizes, names).Passed); // the sprites' K only
        var pass = Notebook05.FactorVaeChance(factors => 1.0 / factors, sizes, names);
        Assert.StartsWith("✓", pass.ToString());
        // The noise code's measured score is near 1/K.
        Assert.InRange(Notebook05.NoiseCodeScore(sizes, names), 0.12, 0.28);
    }

    [Fact]
    public void Misalignment_of_a_direction()
    {
        Assert.StartsWith("not yet", Notebook05.Misalignment(degrees => double.NaN, 30, 10).ToString());
        Assert.Contains("% keeps the sign", Notebook05.Misalignment(degrees => Math.Min(degrees % 90, 90 - degrees % 90), 30, 10).Message);
        Assert.Contains("up to 45°", Notebook05.Misalignment(degrees => degrees % 90, 30, 10).Message);
        var pass = Notebook05.Misalignment(degrees => { var f = ((degrees % 90) + 90) % 90; return Math.Min(f, 90 - f); }, 30, 10);
        Assert.StartsWith("✓", pass.ToString());
        Assert.Contains("30° on the symmetric set", pass.Message);
    }
}
