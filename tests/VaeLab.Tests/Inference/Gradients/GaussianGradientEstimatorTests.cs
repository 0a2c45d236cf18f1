using VaeLab.Inference.Gradients;

namespace VaeLab.Tests.Inference.Gradients;

public class GaussianGradientEstimatorTests
{
    private static readonly double[] Mean = [0.5, -1.0, 2.0];
    private static readonly double[] Std = [1.0, 0.5, 2.0];
    private static readonly QuadraticObjective Objective = new([0.0, 1.0, -1.0]);

    [Theory]
    [InlineData(GradientEstimator.Pathwise, ScoreBaseline.None)]
    [InlineData(GradientEstimator.ScoreFunction, ScoreBaseline.None)]
    [InlineData(GradientEstimator.ScoreFunction, ScoreBaseline.LeaveOneOut)]
    public void Each_estimator_is_unbiased_within_five_standard_errors(GradientEstimator estimator, ScoreBaseline baseline)
    {
        var estimates = GaussianGradientEstimator.Run(estimator, Objective.Value, Mean, Std, samplesPerRun: 8, runs: 4000, seed: 1, baseline);
        var dMean = EstimatorSummary.OfMeanGradient(estimates, Objective.GradientWithRespectToMean(Mean));
        var dStd = EstimatorSummary.OfStdGradient(estimates, Objective.GradientWithRespectToStd(Std));
        Assert.True(dMean.MaxAbsZScore < 5, $"∇μ: max |mean − truth|/SE = {dMean.MaxAbsZScore:F2}");
        Assert.True(dStd.MaxAbsZScore < 5, $"∇σ: max |mean − truth|/SE = {dStd.MaxAbsZScore:F2}");
        // The test has power: the standard errors are small next to the gradients being checked.
        Assert.All(dMean.StandardError, se => Assert.True(se < 0.5, $"SE {se} too large for the test to mean anything"));
    }

    [Fact]
    public void A_biased_estimate_fails_the_same_check()
    {
        var estimates = GaussianGradientEstimator.Run(GradientEstimator.Pathwise, Objective.Value, Mean, Std, 8, 4000, seed: 1);
        var shiftedTruth = Objective.GradientWithRespectToMean(Mean).Select(g => g + 0.2).ToArray();
        Assert.True(EstimatorSummary.OfMeanGradient(estimates, shiftedTruth).MaxAbsZScore > 5);
    }

    [Fact]
    public void Pathwise_variance_is_below_score_function_variance_and_the_baseline_helps()
    {
        var truth = Objective.GradientWithRespectToMean(Mean);
        double Variance(GradientEstimator e, ScoreBaseline b) =>
            EstimatorSummary.OfMeanGradient(GaussianGradientEstimator.Run(e, Objective.Value, Mean, Std, 8, 2000, seed: 2, b), truth).Variance;
        var pathwise = Variance(GradientEstimator.Pathwise, ScoreBaseline.None);
        var score = Variance(GradientEstimator.ScoreFunction, ScoreBaseline.None);
        var scoreWithBaseline = Variance(GradientEstimator.ScoreFunction, ScoreBaseline.LeaveOneOut);
        Assert.True(pathwise < scoreWithBaseline, $"pathwise {pathwise} vs score+baseline {scoreWithBaseline}");
        Assert.True(scoreWithBaseline < score, $"score+baseline {scoreWithBaseline} vs score {score}");
    }

    [Fact]
    public void Pathwise_variance_matches_its_closed_form()
    {
        // ∂f/∂μ_d = 2(z_d − a_d) has variance 4σ_d²; the mean of S samples has 4σ_d²/S.
        var estimates = GaussianGradientEstimator.Run(GradientEstimator.Pathwise, Objective.Value, Mean, Std, 4, 20000, seed: 3);
        var expected = Std.Average(s => 4 * s * s / 4);
        var measured = EstimatorSummary.OfMeanGradient(estimates, Objective.GradientWithRespectToMean(Mean)).Variance;
        Assert.InRange(measured / expected, 0.95, 1.05);
    }

    [Fact]
    public void The_same_seed_gives_the_same_estimates()
    {
        var a = GaussianGradientEstimator.Run(GradientEstimator.ScoreFunction, Objective.Value, Mean, Std, 5, 10, seed: 7);
        var b = GaussianGradientEstimator.Run(GradientEstimator.ScoreFunction, Objective.Value, Mean, Std, 5, 10, seed: 7);
        Assert.Equal(a.MeanGradients.Cast<double>(), b.MeanGradients.Cast<double>());
    }

    [Fact]
    public void Bad_settings_are_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => GaussianGradientEstimator.Run(GradientEstimator.Pathwise, Objective.Value, Mean, [1, 0, 1], 2, 2, 0));
        Assert.Throws<ArgumentException>(() => GaussianGradientEstimator.Run(GradientEstimator.Pathwise, Objective.Value, Mean, [1, 1], 2, 2, 0));
        var loo = Assert.Throws<ArgumentException>(() =>
            GaussianGradientEstimator.Run(GradientEstimator.ScoreFunction, Objective.Value, Mean, Std, 1, 2, 0, ScoreBaseline.LeaveOneOut));
        Assert.Contains("at least 2 samples", loo.Message);
        Assert.Throws<ArgumentException>(() => Objective.Value(TorchSharp.torch.zeros(4, 2)));
    }

    [Fact]
    public void Variance_sweeps_cover_every_estimator_and_setting()
    {
        var points = VarianceStudy.VersusSamples(2, [1, 4], runs: 50, seed: 0);
        Assert.Equal(5, points.Count); // the baseline needs S ≥ 2
        var ratios = VarianceStudy.Ratios(points, "score function", "pathwise");
        Assert.Equal(2, ratios.Count);
        Assert.All(ratios, r => Assert.True(r.Ratio > 1));
    }
}
