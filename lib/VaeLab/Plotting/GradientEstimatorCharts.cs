using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Inference.Gradients;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts of notebook 03: estimator means against the truth, variance sweeps, the three training runs,
/// and the categorical estimators' bias and variance.</summary>
public static class GradientEstimatorCharts
{

    /// <summary>Mean estimate of each ∇_μ coordinate with ±2 standard errors, beside the analytic gradient.</summary>
    public static GenericChart Unbiasedness(IEnumerable<EstimatorSummary> summaries, string title = "Mean of many estimates vs the analytic gradient (±2 SE)")
    {
        var list = summaries.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to plot.", nameof(summaries));
        var coordinates = Enumerable.Range(1, list[0].Truth.Length).Select(d => $"∂/∂μ{d}").ToArray();
        var traces = new List<GenericChart>
        {
            CSharpChart.Point<string, double, string>(x: coordinates, y: list[0].Truth, Name: "analytic",
                MarkerSymbol: StyleParam.MarkerSymbol.Cross, MarkerColor: Color.fromString("black")),
        };
        foreach (var s in list)
        {
            var point = CSharpChart.Point<string, double, string>(x: coordinates, y: s.Mean, Name: $"{s.Estimator} (S = {s.SamplesPerRun})");
            traces.Add(WithSymmetricYError(point, s.StandardError.Select(e => 2 * e).ToArray()));
        }
        return CSharpChart.Combine(traces).WithTitleText(title).WithYAxisStyle<double, double, string>(TitleText: "gradient");
    }

    /// <summary>Variance of one estimate against <paramref name="axis"/> ("samples" or "dimension"), log-log.</summary>
    public static GenericChart VarianceLogLog(IEnumerable<VariancePoint> points, string axis, string title)
    {
        var bySamples = axis switch
        {
            "samples" => true,
            "dimension" => false,
            _ => throw new ArgumentException($"axis must be \"samples\" or \"dimension\"; got \"{axis}\".", nameof(axis)),
        };
        var traces = points.GroupBy(p => p.Estimator).Select(g =>
        {
            var ordered = g.OrderBy(p => bySamples ? p.SamplesPerRun : p.Dimension).ToList();
            return CSharpChart.Line<double, double, string>(
                x: ordered.Select(p => (double)(bySamples ? p.SamplesPerRun : p.Dimension)).ToArray(),
                y: ordered.Select(p => p.Variance).ToArray(), Name: g.Key, ShowMarkers: true);
        });
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: bySamples ? "samples per estimate S" : "dimension D", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "variance of one ∇μ estimate (per coordinate)", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>One metric of each run's checkpoints against epochs, one line per encoder gradient mode.</summary>
    /// <param name="skipInitial">Leave out the checkpoint before the first step (its untrained value would squash the y-axis).</param>
    public static GenericChart TrainingCurves<TModel>(
        IEnumerable<EncoderTrainingRun<TModel>> runs, Func<EncoderTrainingCheckpoint, double> metric, string yTitle, string title,
        bool logY = false, bool skipInitial = false)
    {
        var traces = runs.Select(run =>
        {
            var points = run.Checkpoints.Where(c => double.IsFinite(metric(c)) && !(skipInitial && c.Step == 0)).ToList();
            return CSharpChart.Line<double, double, string>(
                x: points.Select(c => c.Epoch).ToArray(), y: points.Select(metric).ToArray(), Name: run.Mode.ToString(), ShowMarkers: true);
        });
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
    }

    /// <summary>Bias (with its Monte Carlo standard error) and variance of the categorical estimators against temperature.</summary>
    public static GenericChart CategoricalBiasVariance(IEnumerable<CategoricalEstimate> estimates, string title = "Categorical gradient estimators: bias and variance")
    {
        var list = estimates.ToList();
        var temperatures = list.Where(e => e.Temperature > 0).Select(e => e.Temperature).Distinct().OrderBy(t => t).ToArray();
        if (temperatures.Length == 0) throw new ArgumentException("Need estimates at some temperature τ > 0.", nameof(estimates));
        var traces = new List<GenericChart>();
        foreach (var group in list.GroupBy(e => e.Estimator))
        {
            var ordered = group.OrderBy(e => e.Temperature).ToList();
            var xs = ordered[0].Temperature > 0 ? ordered.Select(e => e.Temperature).ToArray() : temperatures;
            double[] Spread(Func<CategoricalEstimate, double> value) =>
                ordered[0].Temperature > 0 ? ordered.Select(value).ToArray() : temperatures.Select(_ => value(ordered[0])).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(x: xs, y: Spread(e => e.Bias), Name: $"{group.Key}: bias", ShowMarkers: true));
            traces.Add(CSharpChart.Line<double, double, string>(x: xs, y: Spread(e => e.Variance), Name: $"{group.Key}: variance", ShowMarkers: true,
                LineDash: StyleParam.DrawingStyle.Dash));
        }
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: "temperature τ (flat lines: estimators without τ)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "bias ‖mean − exact‖ / variance", AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>Plotly.NET's F# error-bar styling called from C# (its optional arguments must all be given).</summary>
    private static GenericChart WithSymmetricYError(GenericChart chart, double[] halfWidths) =>
        Plotly.NET.Chart.withYErrorStyle<double, double>(
            FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.None, FSharpOption<bool>.Some(true),
            FSharpOption<IEnumerable<double>>.Some(halfWidths), FSharpOption<IEnumerable<double>>.None,
            FSharpOption<double>.None, FSharpOption<double>.None, FSharpOption<int>.None, FSharpOption<int>.None,
            FSharpOption<bool>.None, FSharpOption<Color>.None, FSharpOption<double>.None, FSharpOption<double>.None).Invoke(chart);
}
