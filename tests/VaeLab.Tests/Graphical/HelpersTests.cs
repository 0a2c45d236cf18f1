using VaeLab.Numerics;
using VaeLab.Graphical;
using VaeLab.Inference.Classic;
using VaeLab.Plotting;

namespace VaeLab.Tests.Graphical;

public class HelpersTests
{
    [Fact]
    public void RootMeanSquareTotalVariationMatchesAHandComputation()
    {
        IReadOnlyList<double[]> runA = [[0.5, 0.5], [0.7, 0.3]];
        IReadOnlyList<double[]> runB = [[double.NaN, double.NaN], [0.5, 0.5]];
        var error = SamplingError.RootMeanSquareTotalVariation([runA, runB], [0.6, 0.4]);
        Assert.Equal(Math.Sqrt((0.1 * 0.1 + 1) / 2), error[0], 12); // NaN counts as distance 1
        Assert.Equal(0.1, error[1], 12);
    }

    [Fact]
    public void CostTimerReturnsTheResultAndAPositiveTime()
    {
        var (ms, result) = CostTimer.Median(() => Enumerable.Range(0, 1000).Sum());
        Assert.Equal(499500, result);
        Assert.True(ms >= 0);
    }

    [Fact]
    public void PriorMonteCarloConvergesOnAnEasyModel()
    {
        // One latent dimension and a broad likelihood: prior sampling works here, so the estimator must approach log p(x).
        var model = LinearGaussianLatentModel.Random(3, 1, 1.0, new Random(1));
        var x = model.Sample(1, new Random(2))[0];
        Assert.Equal(model.LogEvidence(x), model.PriorMonteCarloLogEvidence(x, 200_000, new Random(3)), 0.01);
    }

    [Fact]
    public void ChartBuildersRejectMismatchedSeriesAndBuildOtherwise()
    {
        Assert.Throws<ArgumentException>(() => InferenceCharts.Lines("t", "x", "y", [1.0, 2.0], new Dictionary<string, double[]> { ["a"] = [1.0] }));
        Assert.NotNull(InferenceCharts.Lines("t", "x", "y", [1.0, 2.0], new Dictionary<string, double[]> { ["a"] = [1.0, 2.0] }, logY: true));
        Assert.Throws<ArgumentException>(() => XPlotCharts.Lines("t", "x", "y", [1.0], new Dictionary<string, double[]> { ["a"] = [1.0, 2.0] }));
        Assert.Throws<ArgumentException>(() => InferenceCharts.DensityWithOverlays("t", "x", "y", [0.0, 1.0], [0.0], [[1.0]], []));
    }
}
