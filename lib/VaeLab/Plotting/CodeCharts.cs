using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts of how discrete autoencoders use their codes (notebook 07).</summary>
public static class CodeCharts
{
    /// <summary>Per cent of the K codes chosen in each window of training batches, one line per run.</summary>
    public static GenericChart UsageCurves(IReadOnlyDictionary<string, IReadOnlyList<CodeUsagePoint>> runs, string title = "Code usage during training") =>
        Lines(runs, p => 100 * p.Usage, "codes used in the last window of batches (% of K)", title);

    /// <summary>Perplexity (effective number of codes) in each window of training batches, one line per run.</summary>
    public static GenericChart PerplexityCurves(IReadOnlyDictionary<string, IReadOnlyList<CodeUsagePoint>> runs) =>
        Lines(runs, p => p.Perplexity, "perplexity exp(H) of the code frequencies", "Code perplexity during training");

    /// <summary>
    /// The usage histogram as a rank plot: each run's codes sorted from most to least used, the share of all test grid
    /// positions each one takes. A flat line is a codebook used evenly; a line that drops to zero early has dead codes.
    /// </summary>
    public static GenericChart UsageRanks(IReadOnlyDictionary<string, CodeUsage> runs)
    {
        var lines = new List<GenericChart>();
        foreach (var (name, usage) in runs)
        {
            var total = (double)usage.Total;
            var sorted = usage.Counts.OrderByDescending(c => c).Select(c => 100 * c / total).ToArray();
            var ranks = Enumerable.Range(1, sorted.Length).Select(r => (double)r).ToArray();
            lines.Add(Chart.Line<double, double, string>(x: ranks, y: sorted, Name: $"{name} (K = {usage.CodebookSize})"));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "code rank (most used first)")
            .WithYAxisStyle<double, double, string>(TitleText: "share of test positions (%, log scale)", AxisType: StyleParam.AxisType.Log)
            .WithTitleText("Test-set usage histogram, codes sorted by use")
            .WithSize(Width: 900, Height: 450);
    }

    /// <summary>The rank plot of <see cref="UsageRanks(IReadOnlyDictionary{string, CodeUsage})"/> with each line the mean
    /// over several runs (e.g. seeds) of their sorted shares.</summary>
    public static GenericChart UsageRanks(IReadOnlyDictionary<string, IReadOnlyList<CodeUsage>> runs, string title)
    {
        var lines = new List<GenericChart>();
        foreach (var (name, usages) in runs)
        {
            var sorted = usages.Select(u => u.Counts.OrderByDescending(c => c).Select(c => 100.0 * c / u.Total).ToArray()).ToList();
            var size = sorted.Min(s => s.Length);
            var mean = Enumerable.Range(0, size).Select(i => sorted.Average(s => s[i])).ToArray();
            var ranks = Enumerable.Range(1, size).Select(r => (double)r).ToArray();
            lines.Add(Chart.Line<double, double, string>(x: ranks, y: mean, Name: $"{name} (K = {usages[0].CodebookSize})"));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "code rank (most used first)")
            .WithYAxisStyle<double, double, string>(TitleText: "share of test positions (%, log scale)", AxisType: StyleParam.AxisType.Log)
            .WithTitleText(title)
            .WithSize(Width: 900, Height: 450);
    }

    /// <summary>Root-mean-square distance from the encoder's outputs to the codes they chose, per window of training steps
    /// (log scale), one line per run.</summary>
    public static GenericChart OutputToCodeDistance(IReadOnlyDictionary<string, IReadOnlyList<CodeGeometryPoint>> runs, string title)
    {
        var lines = runs.Select(run => Chart.Line<double, double, string>(x: run.Value.Select(p => (double)p.Step).ToArray(),
            y: run.Value.Select(p => p.OutputToCodeDistance).ToArray(), Name: run.Key, ShowMarkers: true)).ToList();
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: "RMS distance ‖z_e − e_k‖ (log scale)", AxisType: StyleParam.AxisType.Log)
            .WithTitleText(title)
            .WithSize(Width: 900, Height: 450);
    }

    /// <summary>Mean length ‖e_k‖ of the chosen codes per window of training steps, one line per run, and the line
    /// <paramref name="boundPerStep"/> × step (e.g. the farthest Adam can move a code from near the origin).</summary>
    public static GenericChart ChosenCodeNorms(IReadOnlyDictionary<string, IReadOnlyList<CodeGeometryPoint>> runs, double boundPerStep, string boundName, string title)
    {
        var lines = runs.Select(run => Chart.Line<double, double, string>(x: run.Value.Select(p => (double)p.Step).ToArray(),
            y: run.Value.Select(p => p.ChosenCodeNorm).ToArray(), Name: run.Key, ShowMarkers: true)).ToList();
        var lastStep = runs.Values.Max(r => r.Count == 0 ? 0 : r[^1].Step);
        lines.Add(Chart.Line<double, double, string>(x: [0.0, lastStep], y: [0.0, boundPerStep * lastStep], Name: boundName,
            LineDash: StyleParam.DrawingStyle.Dash));
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: "mean length ‖e_k‖ of the chosen codes")
            .WithTitleText(title)
            .WithSize(Width: 900, Height: 450);
    }

    private static GenericChart Lines(IReadOnlyDictionary<string, IReadOnlyList<CodeUsagePoint>> runs, Func<CodeUsagePoint, double> value, string yTitle, string title)
    {
        var lines = runs.Select(run => Chart.Line<double, double, string>(
            x: run.Value.Select(p => (double)p.Step).ToArray(), y: run.Value.Select(value).ToArray(), Name: run.Key, ShowMarkers: true)).ToList();
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithTitleText(title)
            // Wide enough that the legend's long run names leave the plot most of the width.
            .WithSize(Width: 900, Height: 450);
    }
}
