using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation;
using VaeLab.Training;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts of posterior collapse: KL per latent dimension over training, applied KL weights, latent usage per epoch.</summary>
public static class CollapseCharts
{
    /// <summary>
    /// A heatmap of the average KL per latent dimension (rows) after each epoch (columns), in nats: a collapsed
    /// dimension is a dark row, a dimension switched on later lights up from some epoch on.
    /// </summary>
    public static GenericChart KlHeatmap(string runName, IReadOnlyList<double[]> klPerDimensionByEpoch, IReadOnlyList<int>? epochs = null)
    {
        if (klPerDimensionByEpoch.Count == 0 || klPerDimensionByEpoch.Any(e => e.Length != klPerDimensionByEpoch[0].Length || e.Length == 0))
            throw new ArgumentException("Give one non-empty KL-per-dimension array per epoch, all of one length.");
        var dimensions = klPerDimensionByEpoch[0].Length;
        var epochLabels = (epochs ?? Enumerable.Range(1, klPerDimensionByEpoch.Count).ToArray()).Select(e => e.ToString()).ToArray();
        var rows = Enumerable.Range(0, dimensions).Select(d => klPerDimensionByEpoch.Select(e => e[d]).ToArray()).ToArray();
        return Chart.Heatmap<double, string, string, string>(
                zData: rows, X: epochLabels, Y: Enumerable.Range(1, dimensions).Select(d => $"z{d}").ToArray(), Name: runName,
                ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "latent dimension")
            .WithSize(Width: 680, Height: 380)
            .WithTitleText($"KL per latent dimension (nats) — {runName}");
    }

    /// <summary>The KL weight each run's objective actually applied at every step (from <see cref="TrainingResult.Steps"/>).</summary>
    public static GenericChart AppliedKlWeights(IReadOnlyDictionary<string, IReadOnlyList<StepMetrics>> runs)
    {
        var lines = new List<GenericChart>();
        foreach (var (name, steps) in runs)
        {
            if (steps.Count == 0) throw new ArgumentException($"Run '{name}' recorded no steps: train it with RecordSteps = true.");
            lines.Add(Chart.Line<double, double, string>(
                x: steps.Select(s => (double)s.GlobalStep + 1).ToArray(),
                y: steps.Select(s => s.Weights.KlWeight ?? double.NaN).ToArray(), Name: name));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: "KL weight β applied")
            .WithTitleText("KL weight applied by the trainer at each step");
    }

    /// <summary>One diagnostic of <see cref="LatentUsage"/> per epoch, one line per run.</summary>
    public static GenericChart UsageOverEpochs(IReadOnlyDictionary<string, IReadOnlyList<LatentUsage>> runs, Func<LatentUsage, double> value, string yTitle, string title)
    {
        var lines = runs.Select(r => Chart.Line<double, double, string>(
            x: r.Value.Select(u => (double)u.Epoch).ToArray(), y: r.Value.Select(value).ToArray(), Name: r.Key, ShowMarkers: true)).ToList();
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
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
