using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Models;
using VaeLab.Training;
using Microsoft.FSharp.Core;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>One trained model as a point of the rate–distortion plane (nats per example).</summary>
public sealed record RateDistortionPoint(string Name, double Rate, double Distortion)
{
    /// <summary>ELBO = −(distortion + rate).</summary>
    public double Elbo => -(Distortion + Rate);
}

/// <summary>Charts of notebook 05: the rate–distortion plane, capacity tracking, the KL decomposition, MI heatmaps.</summary>
public static class DisentanglementCharts
{
    /// <summary>
    /// Each run as a point (rate = KL, distortion = reconstruction loss; runs with the same name share a trace), with dashed lines of equal ELBO
    /// (rate + distortion = const, slope −1; Alemi et al. 2018) through the best and the worst point and evenly between.
    /// </summary>
    public static GenericChart RateDistortion(IReadOnlyList<RateDistortionPoint> points, int elboLines = 4, string? title = null)
    {
        if (points.Count < 1) throw new ArgumentException("Give at least one run.");
        if (elboLines < 2) throw new ArgumentException($"Draw at least 2 lines of equal ELBO; got {elboLines}.");
        var charts = new List<GenericChart>();
        var best = points.Max(p => p.Elbo);
        var worst = points.Min(p => p.Elbo);
        var rateMax = points.Max(p => p.Rate) * 1.15 + 1;
        var levels = Enumerable.Range(0, elboLines).Select(i => best + (worst - best) * i / (elboLines - 1)).Distinct().ToArray();
        foreach (var level in levels)
        {
            // rate + distortion = −ELBO: a straight line across the plotted rate range.
            charts.Add(Chart.Line<double, double, string>(x: [0, rateMax], y: [-level, -level - rateMax],
                Name: $"ELBO = {level:F1}", LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("gray"), Opacity: 0.6));
        }
        // The ELBO lines are grey, so colours are left to the methods: one trace per name (a method over several seeds), each
        // with its own colour from a palette of well-separated hues and its own marker shape, so that no two look alike.
        string[] colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
        StyleParam.MarkerSymbol[] symbols = [StyleParam.MarkerSymbol.Circle, StyleParam.MarkerSymbol.Square, StyleParam.MarkerSymbol.Diamond,
            StyleParam.MarkerSymbol.TriangleUp, StyleParam.MarkerSymbol.Cross, StyleParam.MarkerSymbol.X, StyleParam.MarkerSymbol.TriangleDown, StyleParam.MarkerSymbol.Star];
        foreach (var (group, k) in points.GroupBy(p => p.Name).Select((g, k) => (g, k)))
            charts.Add(Chart.Point<double, double, string>(x: group.Select(p => p.Rate).ToArray(), y: group.Select(p => p.Distortion).ToArray(),
                Name: group.Count() == 1 ? group.Key : $"{group.Key} ({group.Count()} seeds)",
                MarkerColor: Color.fromString(colours[k % colours.Length]), MarkerSymbol: symbols[k % symbols.Length]));
        var distortions = points.Select(p => p.Distortion).ToArray();
        var span = Math.Max(1, distortions.Max() - distortions.Min());
        return Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "rate: KL(q(z|x) ‖ p(z)) (nats per image)", MinMax: new Tuple<double, double>(0, rateMax))
            .WithYAxisStyle<double, double, string>(TitleText: "distortion: reconstruction loss −log p(x|z) (nats per image)",
                MinMax: new Tuple<double, double>(distortions.Min() - 0.15 * span, distortions.Max() + 0.15 * span))
            .WithSize(Width: 900, Height: 550)
            .WithTitleText(title ?? "Rate–distortion plane: each run one point; dashed lines have equal ELBO");
    }

    /// <summary>Capacity annealing: the batch KL at each step against the target C(t) (Burgess et al. 2018).</summary>
    public static GenericChart CapacityTracking(IReadOnlyList<StepMetrics> steps, int smoothing = 25)
    {
        if (steps.Count < 1) throw new ArgumentException("Give the recorded steps of a capacity-annealed run (Trainer.RecordSteps = true).");
        if (steps[0].Weights.CapacityNats is null)
            throw new ArgumentException("These steps have no capacity target: record a run trained with Objective.Capacity.");
        var x = steps.Select(s => (double)s.GlobalStep + 1).ToArray();
        var kl = MovingAverage(steps.Select(s => s.Terms[Term.Kl]).ToArray(), smoothing);
        return Chart.Combine([
                Chart.Line<double, double, string>(x: x, y: kl, Name: $"KL (batch mean, moving average of {smoothing} steps)"),
                Chart.Line<double, double, string>(x: x, y: steps.Select(s => s.Weights.CapacityNats!.Value), Name: "target capacity C(t)", LineDash: StyleParam.DrawingStyle.Dash),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: "nats per image")
            .WithSize(Width: 900, Height: 500)
            .WithTitleText("Capacity annealing: the KL follows the target C");
    }

    /// <summary>
    /// One of the three KL terms (index-code MI, total correlation, dimension-wise KL) over training, one line per run.
    /// </summary>
    public static GenericChart KlDecomposition(IReadOnlyDictionary<string, IReadOnlyList<KlDecompositionPoint>> runs, string term)
    {
        Func<KlDecompositionPoint, double> read = term switch
        {
            "mi" => p => p.IndexCodeMutualInformation,
            "tc" => p => p.TotalCorrelation,
            "dimension-wise kl" => p => p.DimensionWiseKl,
            _ => throw new ArgumentException($"Unknown term '{term}'; use mi, tc or dimension-wise kl."),
        };
        var label = term switch
        {
            "mi" => "index-code MI I(z; n)",
            "tc" => "total correlation KL(q(z) ‖ Π q(z_d))",
            _ => "dimension-wise KL Σ KL(q(z_d) ‖ p(z_d))",
        };
        var lines = runs.Select(r => Chart.Line<double, double, string>(x: r.Value.Select(p => (double)p.Step), y: r.Value.Select(read), Name: r.Key, ShowMarkers: true));
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "training step")
            .WithYAxisStyle<double, double, string>(TitleText: $"{label} (nats)")
            .WithSize(Width: 900, Height: 450)
            .WithTitleText($"KL decomposition over training: {label}");
    }

    /// <summary>
    /// The latent × factor mutual information (nats) of a MIG evaluation as a heatmap, latents as rows in the order
    /// given (e.g. by decreasing KL), each labelled with its KL.
    /// </summary>
    public static GenericChart MutualInformationHeatmap(MigResult mig, IReadOnlyList<int> latentOrder, IReadOnlyList<double> latentKl, string title)
    {
        var rows = latentOrder.Select(j => Enumerable.Range(0, mig.FactorNames.Count).Select(k => mig.MutualInformation[j, k]).ToArray()).ToArray();
        // Short labels ("z3 · 2.85" = latent 3, KL 2.85 nats) leave room for the axis title in the default margin.
        var labels = latentOrder.Select(j => $"z{j} · {latentKl[j]:F2}").ToArray();
        var heatmap = Chart.Heatmap<double, string, string, string>(zData: rows, X: mig.FactorNames.ToArray(), Y: labels, ReverseYAxis: true);
        // The colour bar carries the unit (Plotly.NET.CSharp's Heatmap has no colour-bar title argument: set it on the trace).
        heatmap = GenericChart.mapTrace(FuncConvert.FromFunc((Trace trace) =>
        {
            trace.SetProperty("colorbar", TitledColourBar("MI (nats)"));
            return trace;
        }), heatmap);
        return heatmap
            .WithXAxisStyle<double, double, string>(TitleText: "factor")
            .WithYAxisStyle<double, double, string>(TitleText: "latent · KL in nats (sorted by KL)")
            .WithSize(Width: 700, Height: 550)
            .WithTitleText(title);
    }

    /// <summary>
    /// Two latents of a code plotted against each other, every <paramref name="every"/>-th row, each point coloured by
    /// the value of an ordinal factor on a sequential colour scale (Viridis, dark = lowest value) with a colour bar
    /// titled with the factor's name: shows in which direction of the plane the factor moves, e.g. a position pair turned
    /// away from the latent axes, and neighbouring values get neighbouring colours. Points are drawn in a fixed shuffled order,
    /// so that no value is always painted on top. The default stride, 3, is coprime to
    /// 4 and 8, so on the sprites' full grid every (scale, rotation, x, y) appears, each with one of the 3 shapes; a
    /// stride of 4 (y runs fastest) kept only y = 0 and y = 4.
    /// </summary>
    public static GenericChart LatentPair(double[,] codes, int first, int second, IReadOnlyList<int> factorValues, string factorName, string title, int every = 3)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (factorValues.Count != codes.GetLength(0))
            throw new ArgumentException($"Give one factor value per code row; got {codes.GetLength(0)} rows and {factorValues.Count} values.");
        if (first == second || Math.Min(first, second) < 0 || Math.Max(first, second) >= codes.GetLength(1))
            throw new ArgumentException($"Choose two different latents in 0…{codes.GetLength(1) - 1}; got {first} and {second}.");
        // Drawn in a fixed shuffled order: in grid order the last factor values would always be painted over the first.
        var shuffle = new Random(0);
        var rows = Enumerable.Range(0, codes.GetLength(0)).Where(i => i % Math.Max(1, every) == 0).OrderBy(_ => shuffle.Next()).ToList();
        var values = rows.Select(i => (double)factorValues[i]).ToArray();
        var points = Chart.Point<double, double, string>(x: rows.Select(i => codes[i, first]).ToArray(), y: rows.Select(i => codes[i, second]).ToArray(),
            Name: factorName, ShowLegend: false, Opacity: 0.7);
        // Plotly.NET.CSharp's Point takes one marker colour: set the per-point values, the scale and the titled colour bar
        // on the trace's marker itself (plotly.js maps marker.color numbers through marker.colorscale from cmin to cmax).
        points = GenericChart.mapTrace(FuncConvert.FromFunc((Trace trace) =>
        {
            var marker = new DynamicObj.DynamicObj();
            marker.SetProperty("color", values);
            marker.SetProperty("colorscale", "Viridis");
            marker.SetProperty("cmin", values.Min());
            marker.SetProperty("cmax", values.Max());
            marker.SetProperty("showscale", true);
            marker.SetProperty("size", 6);
            marker.SetProperty("colorbar", TitledColourBar($"{factorName} (value)", dtick: 1));
            trace.SetProperty("marker", marker);
            return trace;
        }), points);
        return points
            .WithXAxisStyle<double, double, string>(TitleText: $"z{first} (encoder mean)")
            .WithYAxisStyle<double, double, string>(TitleText: $"z{second} (encoder mean)")
            .WithSize(Width: 650, Height: 550)
            .WithTitleText(title);
    }

    /// <summary>A colour bar with a title (and, if given, one tick every <paramref name="dtick"/>), as a plotly.js object.</summary>
    private static DynamicObj.DynamicObj TitledColourBar(string text, double? dtick = null)
    {
        var title = new DynamicObj.DynamicObj();
        title.SetProperty("text", text);
        var colourBar = new DynamicObj.DynamicObj();
        colourBar.SetProperty("title", title);
        if (dtick is { } step) colourBar.SetProperty("dtick", step);
        return colourBar;
    }

    /// <summary>Per-factor MIG of several models as grouped columns.</summary>
    public static GenericChart MigPerFactor(IReadOnlyDictionary<string, MigResult> models, string title = "MIG per factor")
    {
        var columns = models.Select(m => Chart.Column<double, string, string>(values: m.Value.PerFactor, Keys: m.Value.FactorNames.ToArray(), Name: m.Key));
        return Chart.Combine(columns)
            .WithXAxisStyle<double, double, string>(TitleText: "factor")
            .WithYAxisStyle<double, double, string>(TitleText: "MIG (gap / factor entropy)")
            .WithSize(Width: 900, Height: 450)
            .WithTitleText(title);
    }

    private static double[] MovingAverage(double[] values, int window)
    {
        window = Math.Max(1, window);
        var result = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
