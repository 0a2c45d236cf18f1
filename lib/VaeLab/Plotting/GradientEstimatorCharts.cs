using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Experiments;
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
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: "coordinate d of the gradient ∂/∂μ")
            .WithYAxisStyle<double, double, string>(TitleText: "gradient");
    }

    /// <summary>Variance of one estimate against <paramref name="axis"/> ("samples", "dimension" or "frequency"), log-log.</summary>
    public static GenericChart VarianceLogLog(IEnumerable<VariancePoint> points, string axis, string title)
    {
        Func<VariancePoint, double> x = axis switch
        {
            "samples" => p => p.SamplesPerRun,
            "dimension" => p => p.Dimension,
            "frequency" => p => p.Frequency,
            _ => throw new ArgumentException($"axis must be \"samples\", \"dimension\" or \"frequency\"; got \"{axis}\".", nameof(axis)),
        };
        var xTitle = axis switch { "samples" => "samples per estimate S", "dimension" => "dimension D", _ => "frequency ω of f(z) = cos(ωz)" };
        var traces = points.GroupBy(p => p.Estimator).Select(g =>
        {
            var ordered = g.OrderBy(x).ToList();
            return CSharpChart.Line<double, double, string>(
                x: ordered.Select(x).ToArray(), y: ordered.Select(p => p.Variance).ToArray(), Name: g.Key, ShowMarkers: true);
        });
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle, AxisType: StyleParam.AxisType.Log)
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

    /// <summary>Bias ‖mean − exact‖ of the categorical estimators against temperature (log-log; flat lines for estimators without τ).</summary>
    public static GenericChart CategoricalBias(IEnumerable<CategoricalEstimate> estimates, string title = "Categorical gradient estimators: bias") =>
        CategoricalAgainstTemperature(estimates, e => e.Bias, "bias ‖mean estimate − exact gradient‖", title);

    /// <summary>Variance of one single-sample estimate of the categorical estimators against temperature (log-log).</summary>
    public static GenericChart CategoricalVariance(IEnumerable<CategoricalEstimate> estimates, string title = "Categorical gradient estimators: variance") =>
        CategoricalAgainstTemperature(estimates, e => e.Variance, "variance of one estimate (summed over coordinates)", title);

    private static GenericChart CategoricalAgainstTemperature(
        IEnumerable<CategoricalEstimate> estimates, Func<CategoricalEstimate, double> value, string yTitle, string title)
    {
        var list = estimates.ToList();
        var temperatures = list.Where(e => e.Temperature > 0).Select(e => e.Temperature).Distinct().OrderBy(t => t).ToArray();
        if (temperatures.Length == 0) throw new ArgumentException("Need estimates at some temperature τ > 0.", nameof(estimates));
        var traces = new List<GenericChart>();
        foreach (var group in list.GroupBy(e => e.Estimator))
        {
            var ordered = group.OrderBy(e => e.Temperature).ToList();
            var withTemperature = ordered[0].Temperature > 0;
            var xs = withTemperature ? ordered.Select(e => e.Temperature).ToArray() : temperatures;
            var ys = withTemperature ? ordered.Select(value).ToArray() : temperatures.Select(_ => value(ordered[0])).ToArray();
            traces.Add(CSharpChart.Line<double, double, string>(x: xs, y: ys, Name: group.Key, ShowMarkers: withTemperature,
                LineDash: withTemperature ? StyleParam.DrawingStyle.Solid : StyleParam.DrawingStyle.Dash));
        }
        return CSharpChart.Combine(traces).WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: "temperature τ (dashed: estimators without τ)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>Plotly.NET's F# error-bar styling called from C# (its optional arguments must all be given).</summary>
    private static GenericChart WithSymmetricYError(GenericChart chart, double[] halfWidths) =>
        Plotly.NET.Chart.withYErrorStyle<double, double>(
            FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.None, FSharpOption<bool>.Some(true),
            FSharpOption<IEnumerable<double>>.Some(halfWidths), FSharpOption<IEnumerable<double>>.None,
            FSharpOption<double>.None, FSharpOption<double>.None, FSharpOption<int>.None, FSharpOption<int>.None,
            FSharpOption<bool>.None, FSharpOption<Color>.None, FSharpOption<double>.None, FSharpOption<double>.None).Invoke(chart);
}
