using VaeLab.Data.Sequences;
using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>
/// Each check of notebook 06 run both ways: the notebook's starting answers ("not yet") and the reference solutions
/// of solutions/06-kl-annealing.md ("✓"), plus a plausible wrong answer whose hint must not give the expected value away.
/// </summary>
public sealed class Notebook06ExerciseTests
{
    [Fact]
    public void LinearVaeOptimum()
    {
        Assert.StartsWith("not yet", Notebook06.LinearVaeOptimum((_, _, _) => (-1, double.NaN)).ToString());
        // Wrong: forgets that only k latent dimensions exist.
        var wrong = Notebook06.LinearVaeOptimum((variances, noise, _) =>
        {
            var active = variances.Where(v => v > noise).ToArray();
            return (active.Length, active.Sum(v => 0.5 * Math.Log(v / noise)));
        });
        Assert.StartsWith("not yet", wrong.ToString());
        Assert.Contains("k latent dimensions", wrong.Message);
        Assert.DoesNotContain("expected", wrong.Message);
        // Wrong: takes the first k variances without sorting them (one of the check's spectra is not sorted).
        var unsorted = Notebook06.LinearVaeOptimum((variances, noise, k) =>
        {
            var active = variances.Take(k).Where(v => v > noise).ToArray();
            return (active.Length, active.Sum(v => 0.5 * Math.Log(v / noise)));
        });
        Assert.StartsWith("not yet", unsorted.ToString());
        // Solution.
        var check = Notebook06.LinearVaeOptimum((variances, noise, k) =>
        {
            var active = variances.OrderDescending().Take(k).Where(v => v > noise).ToArray();
            return (active.Length, active.Sum(v => 0.5 * Math.Log(v / noise)));
        });
        Assert.True(check.Passed, check.ToString());
        Assert.StartsWith("✓", check.ToString());
        Assert.StartsWith("not yet", Notebook06.LinearVaeOptimum((_, _, _) => throw new InvalidOperationException("boom")).ToString());
    }

    [Fact]
    public void CyclicalFullWeightStep()
    {
        var untouched = Notebook06.CyclicalFullWeightStep((_, _, _, _) => -1);
        Assert.StartsWith("not yet", untouched.ToString());
        Assert.DoesNotContain("τ", untouched.Message);                          // the method is hinted only after a numeric answer
        // Wrong: rounds the cycle length down to whole steps (fails when M does not divide T).
        var rounded = Notebook06.CyclicalFullWeightStep((steps, cycles, ramp, cycle) => (cycle - 1) * (steps / cycles) + (int)Math.Ceiling(ramp * (steps / cycles)));
        Assert.StartsWith("not yet", rounded.ToString());
        var check = Notebook06.CyclicalFullWeightStep((steps, cycles, ramp, cycle) => (int)Math.Ceiling((cycle - 1 + ramp) * steps / cycles));
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void FreeBitsGradient()
    {
        Assert.StartsWith("not yet", Notebook06.FreeBitsGradient((_, _) => []).ToString());
        // Wrong: the dimensions above λ (the opposite branch).
        var opposite = Notebook06.FreeBitsGradient((kl, lambda) => Enumerable.Range(0, kl.Length).Where(d => kl[d] > lambda).ToArray());
        Assert.StartsWith("not yet", opposite.ToString());
        var check = Notebook06.FreeBitsGradient((kl, lambda) => Enumerable.Range(0, kl.Length).Where(d => kl[d] < lambda).ToArray());
        Assert.True(check.Passed, check.ToString());
        Assert.Equal([0, 2], Notebook06.GradientFreeDimensions([0.1, 0.7, 0.3, 2.0], 0.5));
    }

    [Fact]
    public void TopicInformation()
    {
        Assert.StartsWith("not yet", Notebook06.TopicInformation(_ => double.NaN).ToString());
        // Wrong: a constant (log K of the notebook's data) cannot pass on other data sets.
        var constant = Notebook06.TopicInformation(_ => Math.Log(8));
        Assert.StartsWith("not yet", constant.ToString());
        Assert.DoesNotContain("minus", constant.Message);                       // a question, not the solution
        Assert.DoesNotContain("minus", Notebook06.TopicInformation(_ => double.NaN).Message);
        var check = Notebook06.TopicInformation(data => data.LogLikelihoodsGivenTopic().Average() - data.LogLikelihoods().Average());
        Assert.True(check.Passed, check.ToString());
    }
}
