using VaeLab.Exercises;
using VaeLab.Inference.Gradients;
using static VaeLab.Exercises.Notebook03;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 03 both ways: the notebook's starting value says "not yet", the solution's "✓".</summary>
public class Notebook03ExerciseTests
{
    [Fact]
    public void Sine_gradient_rejects_the_starting_zero_and_names_slips()
    {
        Assert.False(SineGradient((m, s) => 0.0, runs: 1000).Passed);
        Assert.Contains("depends on σ", SineGradient((m, s) => Math.Cos(m), runs: 1000).Message);
        Assert.Contains("E_q[sin z] itself", SineGradient((m, s) => Math.Sin(m) * Math.Exp(-s * s / 2), runs: 1000).Message);
        var solved = SineGradient((m, s) => Math.Cos(m) * Math.Exp(-s * s / 2), runs: 1000);
        Assert.True(solved.Passed, solved.ToString());
        Assert.StartsWith("✓", solved.ToString());
    }

    [Fact]
    public void Step_function_needs_the_estimator_and_the_reason()
    {
        Assert.StartsWith("not yet", StepFunction(null, null, runs: 1000).ToString());
        Assert.False(StepFunction(GradientEstimator.Pathwise, StepReason.DerivativeAndGradientAreZero, runs: 1000).Passed);
        var rightGuessWrongReason = StepFunction(GradientEstimator.ScoreFunction, StepReason.LowerVarianceMeansLessBias, runs: 1000);
        Assert.False(rightGuessWrongReason.Passed);
        Assert.DoesNotContain("standard errors", rightGuessWrongReason.Message);
        Assert.False(StepFunction(GradientEstimator.Pathwise, StepReason.UsesOnlyValuesOfF, runs: 1000).Passed);
        var solved = StepFunction(GradientEstimator.ScoreFunction, StepReason.UsesOnlyValuesOfF, runs: 1000);
        Assert.True(solved.Passed, solved.ToString());
    }

    [Fact]
    public void Pathwise_variance_is_a_formula_checked_at_unseen_settings()
    {
        Assert.False(PathwiseVariance((s, n) => double.NaN).Passed);                 // the notebook's starting line
        var oneSample = PathwiseVariance((s, n) => 4 * s * s);
        Assert.False(oneSample.Passed);
        Assert.Contains("single sample", oneSample.Message);
        Assert.Contains("Var[2z]", PathwiseVariance((s, n) => s * s / n).Message);
        Assert.False(PathwiseVariance((s, n) => 0.4).Passed);                          // section 3's number, copied
        var solved = PathwiseVariance((s, n) => 4 * s * s / n, notebookMeasurement: 0.41);
        Assert.True(solved.Passed, solved.ToString());
        Assert.Contains("0.41", solved.Message);
    }

    /// <summary>The reference solution of exercise 4 (solutions/03-reparameterization.md).</summary>
    internal static double ChooseTemperature(CategoricalGradientStudy study)
    {
        var atOne = study.Relaxed(1.0, TemperatureSamples, TemperatureSeed).Bias;
        return TemperatureGrid.Select(t => study.Relaxed(t, TemperatureSamples, TemperatureSeed))
            .Where(e => e.Bias < 0.5 * atOne).MinBy(e => e.Variance)!.Temperature;
    }

    [Fact]
    public void Temperature_is_chosen_by_code_on_problems_the_notebook_never_showed()
    {
        var start = Temperature(_ => 1.0);                                                   // the notebook's untouched line
        Assert.StartsWith("not yet:", start.ToString());
        Assert.Contains("not below half", start.Message);
        Assert.Contains("return one of the temperatures", Temperature(_ => 0.33).Message);
        Assert.Contains("threw", Temperature(_ => throw new InvalidOperationException("no")).Message);
        var lowest = Temperature(_ => TemperatureGrid[^1]);                                  // always the lowest τ: biased least, but noisiest
        Assert.False(lowest.Passed);
        Assert.Contains("less variance", lowest.Message);
        // No single temperature (such as one read off section 5's table) is right on every problem.
        Assert.All(TemperatureGrid, t => Assert.False(Temperature(_ => t).Passed));
        var solved = Temperature(ChooseTemperature);
        Assert.True(solved.Passed, solved.ToString());
        for (var p = 1; p <= TemperatureProblems.Count; p++) Assert.Contains($"problem {p} (", solved.Message);
    }

    [Fact]
    public void Crossing_frequency_is_about_one_over_sigma()
    {
        Assert.False(CrossingFrequency(double.NaN).Passed);
        Assert.Contains("section 3's curves", CrossingFrequency(1).Message);
        Assert.Contains("1/σ²", CrossingFrequency(4).Message);
        Assert.False(CrossingFrequency(8).Passed);
        Assert.False(CrossingFrequency(0.25).Passed);
        var solved = CrossingFrequency(2);
        Assert.True(solved.Passed, solved.ToString());
    }
}
