using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation;
using VaeLab.Training;
using Microsoft.FSharp.Core;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts of posterior collapse: KL per latent dimension over training, applied KL weights, latent usage per epoch.</summary>
public static class CollapseCharts
{
    /// <summary>
    /// A heatmap of the average KL per latent dimension (rows) after each epoch (columns), in nats: a collapsed
    /// dimension is a dark row, a dimension switched on later lights up from some epoch on. The colour scale runs from 0 to
    /// <paramref name="maxKl"/> (default: this heatmap's largest value); give several heatmaps one <paramref name="maxKl"/>
    /// so that their colours can be compared. Values above it show in the top colour. Every row is labelled (z1, z2, …).
    /// </summary>
    public static GenericChart KlHeatmap(string runName, IReadOnlyList<double[]> klPerDimensionByEpoch, IReadOnlyList<int>? epochs = null, double? maxKl = null)
    {
        if (klPerDimensionByEpoch.Count == 0 || klPerDimensionByEpoch.Any(e => e.Length != klPerDimensionByEpoch[0].Length || e.Length == 0))
            throw new ArgumentException("Give one non-empty KL-per-dimension array per epoch, all of one length.");
        if (maxKl is { } given && !(given > 0)) throw new ArgumentOutOfRangeException(nameof(maxKl), given, "The top of the colour scale must be a positive number of nats.");
        var dimensions = klPerDimensionByEpoch[0].Length;
        var epochLabels = (epochs ?? Enumerable.Range(1, klPerDimensionByEpoch.Count).ToArray()).Select(e => e.ToString()).ToArray();
        var rows = Enumerable.Range(0, dimensions).Select(d => klPerDimensionByEpoch.Select(e => e[d]).ToArray()).ToArray();
        var top = maxKl ?? Math.Max(1e-6, rows.SelectMany(r => r).Max());
        var heatmap = Chart.Heatmap<double, string, string, string>(
                zData: rows, X: epochLabels, Y: Enumerable.Range(1, dimensions).Select(d => $"z{d}").ToArray(), Name: runName,
                ColorScale: StyleParam.Colorscale.Viridis);
        // Plotly.NET.CSharp's Heatmap has no zmin/zmax or colour-bar title arguments: set them on the trace itself.
        heatmap = GenericChart.mapTrace(FuncConvert.FromFunc((Trace trace) =>
        {
            trace.SetProperty("zmin", 0.0);
            trace.SetProperty("zmax", top);
            var title = new DynamicObj.DynamicObj();
            title.SetProperty("text", "KL (nats)");
            var colorBar = new DynamicObj.DynamicObj();
            colorBar.SetProperty("title", title);
            trace.SetProperty("colorbar", colorBar);
            return trace;
        }), heatmap);
        // Label every latent row (dtick 1 on the category axis; Plotly would otherwise skip every other label). The
        // axis is put on the layout first, so WithYAxisStyle adds its title to it; the height grows with the rows.
        heatmap = GenericChart.mapLayout(FuncConvert.FromFunc((Layout layout) =>
        {
            var everyRow = new Plotly.NET.LayoutObjects.LinearAxis();
            everyRow.SetProperty("dtick", 1);
            layout.SetProperty("yaxis", everyRow);
            return layout;
        }), heatmap);
        return heatmap
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "latent dimension")
            .WithSize(Width: 680, Height: Math.Max(380, 140 + 18 * dimensions))
            .WithTitleText($"KL per latent dimension (nats) — {runName}");
    }

    /// <summary>
    /// The KL weight each run's objective actually applied at every step (from <see cref="TrainingResult.Steps"/>). Runs
    /// with the same weights draw on top of each other, so each line has its own dash and a narrower width than the one
    /// before it: all stay visible where they coincide.
    /// </summary>
    public static GenericChart AppliedKlWeights(IReadOnlyDictionary<string, IReadOnlyList<StepMetrics>> runs)
    {
        StyleParam.DrawingStyle[] dashes = [StyleParam.DrawingStyle.Solid, StyleParam.DrawingStyle.Dash, StyleParam.DrawingStyle.Dot,
                                            StyleParam.DrawingStyle.DashDot, StyleParam.DrawingStyle.LongDash, StyleParam.DrawingStyle.LongDashDot];
        var lines = new List<GenericChart>();
        foreach (var (name, steps) in runs)
        {
            if (steps.Count == 0) throw new ArgumentException($"Run '{name}' recorded no steps: train it with RecordSteps = true.");
            var k = lines.Count;
            lines.Add(Chart.Line<double, double, string>(
                x: steps.Select(s => (double)s.GlobalStep + 1).ToArray(),
                y: steps.Select(s => s.Weights.KlWeight ?? double.NaN).ToArray(), Name: name,
                LineDash: dashes[k % dashes.Length], LineWidth: Math.Max(1.5, 7.0 - 1.5 * k)));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: "KL weight β applied")
            .WithSize(Width: 760, Height: 420)
            .WithTitleText("KL weight applied by the trainer at each step");
    }

    /// <summary>
    /// One diagnostic of <see cref="LatentUsage"/> per epoch, one line per run: the mean over that run's seeds (not
    /// rounded, so a mean of whole numbers such as active units can fall between them). Each run gives one list of
    /// per-epoch usages per seed, all of one length.
    /// </summary>
    public static GenericChart UsageOverEpochs(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<LatentUsage>>> runsBySeed, Func<LatentUsage, double> value, string yTitle, string title)
    {
        var lines = new List<GenericChart>();
        foreach (var (name, seeds) in runsBySeed)
        {
            if (seeds.Count == 0 || seeds.Any(s => s.Count != seeds[0].Count || s.Count == 0))
                throw new ArgumentException($"Run '{name}': give one non-empty list of per-epoch usages per seed, all of one length.");
            var epochs = Enumerable.Range(0, seeds[0].Count);
            lines.Add(Chart.Line<double, double, string>(
                x: epochs.Select(e => (double)seeds[0][e].Epoch).ToArray(), y: epochs.Select(e => seeds.Average(s => value(s[e]))).ToArray(),
                Name: name, ShowMarkers: true));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithSize(Width: 760, Height: 460)
            .WithTitleText(title);
    }

    /// <summary>Two sets of per-dimension values side by side, e.g. the closed-form and the trained KL per latent dimension.</summary>
    public static GenericChart PerDimensionBars(IReadOnlyDictionary<string, double[]> series, string yTitle, string title)
    {
        var bars = series.Select(s => Chart.Column<double, string, string>(
            values: s.Value, Keys: Enumerable.Range(1, s.Value.Length).Select(d => $"z{d}").ToArray(), Name: s.Key)).ToList();
        return Chart.Combine(bars)
            .WithXAxisStyle<double, double, string>(TitleText: "latent dimension")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithTitleText(title);
    }
}
