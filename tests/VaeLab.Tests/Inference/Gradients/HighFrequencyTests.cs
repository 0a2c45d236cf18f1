using VaeLab.Inference.Gradients;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Gradients;

public class HighFrequencyTests
{
    [Fact]
    public void Cosine_objective_value_and_gradient_match_closed_forms()
    {
        var objective = new CosineObjective(3, dimension: 2);
        using var z = tensor(new[] { 0.0, Math.PI / 3 }).reshape(1, 2);
        Assert.Equal(1 + Math.Cos(Math.PI), objective.Value(z).item<double>(), 10);
        var gradient = objective.GradientWithRespectToMean([0.5, 0.0], [1.0, 2.0]);
        Assert.Equal(-3 * Math.Sin(1.5) * Math.Exp(-4.5), gradient[0], 12);
        Assert.Equal(0.0, gradient[1], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineObjective(0));
    }

    [Fact]
    public void Pathwise_wins_at_low_frequency_and_loses_at_high_frequency_while_both_stay_unbiased()
    {
        var points = VarianceStudy.VersusFrequency([0.25, 8], samplesPerRun: 4, runs: 4000, seed: 3);
        double Variance(string estimator, double frequency) => points.Single(p => p.Estimator == estimator && p.Frequency == frequency).Variance;
        Assert.True(Variance("pathwise", 0.25) < Variance("score function", 0.25));
        // Theory: pathwise ≈ ω²/2 / S = 8 per estimate at ω = 8, the score function ≈ 1/(2σ²) / S = 0.125.
        Assert.True(Variance("pathwise", 8) > 10 * Variance("score function", 8));
        Assert.InRange(Variance("pathwise", 8), 7, 9);
        Assert.All(points, p => Assert.True(p.MaxAbsZScore < 5, $"{p.Estimator} at ω = {p.Frequency}: z = {p.MaxAbsZScore}"));
        Assert.Equal(8, VarianceStudy.FirstFrequencyWhereWorse(points, "pathwise", "score function"));
        Assert.Null(VarianceStudy.FirstFrequencyWhereWorse(points, "score function", "score function"));
    }
}
