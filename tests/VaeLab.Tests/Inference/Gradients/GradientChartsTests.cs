using TorchSharp;
using VaeLab.Evaluation;
using VaeLab.Inference.Gradients;
using VaeLab.Models;
using VaeLab.Plotting;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Gradients;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class GradientChartsTests
{
    [Fact]
    public void Chart_builders_render_with_their_titles_and_log_axes()
    {
        var objective = QuadraticObjective.Constant(2);
        double[] mean = [0.5, 0.5], std = [1, 1];
        var summaries = VarianceStudy.Estimators.Select(e => EstimatorSummary.OfMeanGradient(
            GaussianGradientEstimator.Run(e.Estimator, objective.Value, mean, std, 4, 20, 0, e.Baseline), objective.GradientWithRespectToMean(mean))).ToList();
        var unbiased = Plotly.NET.GenericChart.toChartHTML(GradientEstimatorCharts.Unbiasedness(summaries));
        Assert.Contains("analytic", unbiased);
        Assert.Contains("error_y", unbiased);
        Assert.Contains("coordinate d of the gradient", unbiased);         // the x axis has its title in the picture

        var sweep = Plotly.NET.GenericChart.toChartHTML(
            GradientEstimatorCharts.VarianceLogLog(VarianceStudy.VersusSamples(2, [2, 4], 20, 0), "samples", "sweep title"));
        Assert.Contains("sweep title", sweep);
        Assert.Contains("\"type\":\"log\"", sweep);
        Assert.Throws<ArgumentException>(() => GradientEstimatorCharts.VarianceLogLog([], "neither", "t"));

        var study = new CategoricalGradientStudy([0.0, 1.0], [1.0, 0.0]);
        CategoricalEstimate[] estimates = [study.ScoreFunction(100, 0), study.Relaxed(0.5, 100, 0), study.Relaxed(1, 100, 0)];
        var bias = Plotly.NET.GenericChart.toChartHTML(GradientEstimatorCharts.CategoricalBias(estimates));
        var variance = Plotly.NET.GenericChart.toChartHTML(GradientEstimatorCharts.CategoricalVariance(estimates));
        Assert.Contains("Gumbel-softmax", bias);
        Assert.Contains("bias ‖mean estimate − exact gradient‖", bias);
        Assert.Contains("variance of one estimate", variance);
        Assert.DoesNotContain("bias ‖", variance);

        var frequency = Plotly.NET.GenericChart.toChartHTML(
            GradientEstimatorCharts.VarianceLogLog(VarianceStudy.VersusFrequency([1, 4], 4, 20, 0), "frequency", "frequency title"));
        Assert.Contains("frequency ω", frequency);
    }

    [Fact]
    public void Encoder_summary_and_reconstructions_have_the_expected_shapes_and_ranges()
    {
        manual_seed(0);
        using var model = new MlpVae(new MlpVaeOptions(16, 8, 3));
        using var x = rand(10, 1, 4, 4);
        var summary = EncoderDiagnostics.Summarize(model, x);
        Assert.Equal(3, summary.LatentSize);
        Assert.InRange(summary.ActiveUnits, 0, 3);
        Assert.True(summary.MeanStd > 0 && summary.Kl >= 0);
        var reconstruction = EncoderDiagnostics.Reconstruct(model, x);
        Assert.Equal(x.shape, reconstruction.shape);
        Assert.True((reconstruction >= 0).all().item<bool>() && (reconstruction <= 1).all().item<bool>());
    }
}
