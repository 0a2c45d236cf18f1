using VaeLab.Exercises;
using VaeLab.Inference.Gradients;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 03 both ways: the notebook's starting value says "not yet", the solution's "✓".</summary>
public class Notebook03ExerciseTests
{
    [Fact]
    public void Sine_gradient_rejects_the_starting_zero_and_accepts_the_derivative()
    {
        Assert.False(Notebook03.SineGradient((m, s) => 0.0, runs: 1000).Passed);
        var solved = Notebook03.SineGradient((m, s) => Math.Cos(m) * Math.Exp(-s * s / 2), runs: 1000);
        Assert.True(solved.Passed, solved.ToString());
        Assert.StartsWith("✓", solved.ToString());
    }

    [Fact]
    public void Step_function_accepts_only_the_score_function()
    {
        Assert.StartsWith("not yet", Notebook03.StepFunction(null, runs: 1000).ToString());
        Assert.False(Notebook03.StepFunction(GradientEstimator.Pathwise, runs: 1000).Passed);
        Assert.True(Notebook03.StepFunction(GradientEstimator.ScoreFunction, runs: 1000).Passed);
    }

    [Fact]
    public void Pathwise_variance_needs_four_sigma_squared_over_s()
    {
        Assert.False(Notebook03.PathwiseVariance(double.NaN, 0.41, 10).Passed);
        Assert.False(Notebook03.PathwiseVariance(4.0, 0.41, 10).Passed);
        Assert.True(Notebook03.PathwiseVariance(0.4, 0.41, 10).Passed);
    }

    [Fact]
    public void Temperature_rejects_one_and_accepts_a_low_temperature()
    {
        var study = new CategoricalGradientStudy([1.0, 0.0, -0.5, 0.3], [0.9, 0.1, 0.5, 0.0]);
        Assert.False(Notebook03.Temperature(1.0, study, 20000, 42).Passed);
        Assert.False(Notebook03.Temperature(-1, study, 20000, 42).Passed);
        Assert.True(Notebook03.Temperature(0.1, study, 20000, 42).Passed);
    }

    [Fact]
    public void Crossing_frequency_is_about_one_over_sigma()
    {
        Assert.False(Notebook03.CrossingFrequency(double.NaN).Passed);
        Assert.False(Notebook03.CrossingFrequency(8).Passed);
        Assert.False(Notebook03.CrossingFrequency(0.25).Passed);
        var solved = Notebook03.CrossingFrequency(2);
        Assert.True(solved.Passed, solved.ToString());
    }
}
