using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation.Ood;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts for out-of-distribution detection (notebook 08).</summary>
public static class OodCharts
{
    /// <summary>ROC curves, one per named score, with the chance diagonal. Long curves are thinned to at most
    /// <paramref name="maxPoints"/> corner points each (the first and last kept), which a reader cannot tell apart.</summary>
    public static GenericChart RocCurves(IReadOnlyDictionary<string, IReadOnlyList<RocPoint>> curves, string title, int maxPoints = 400)
    {
        var lines = new List<GenericChart>
        {
            Chart.Line<double, double, string>(x: [0.0, 1.0], y: [0.0, 1.0], Name: "chance", LineDash: StyleParam.DrawingStyle.Dash),
        };
        foreach (var (name, curve) in curves)
        {
            var points = Thin(curve, maxPoints);
            lines.Add(Chart.Line<double, double, string>(x: points.Select(p => p.FalsePositiveRate), y: points.Select(p => p.TruePositiveRate), Name: name));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "false-positive rate (in-distribution images flagged)")
            .WithYAxisStyle<double, double, string>(TitleText: "true-positive rate (OOD images flagged)")
            .WithSize(700, 520)
            .WithTitleText(title);
    }

    /// <summary>
    /// −log₂ p(x) against a compressor's length L(x), one colour per named set of images (Serrà et al. 2020, figure 1):
    /// points on a common diagonal mean the likelihood mostly measures how compressible an image is.
    /// </summary>
    public static GenericChart LikelihoodAgainstComplexity(IReadOnlyDictionary<string, (double[] CompressedBits, double[] NegativeLogLikelihoodBits)> sets,
        string compressor, string model)
    {
        var points = sets.Select(s => Chart.Point<double, double, string>(x: s.Value.CompressedBits, y: s.Value.NegativeLogLikelihoodBits, Name: s.Key, Opacity: 0.5));
        return Chart.Combine(points)
            .WithXAxisStyle<double, double, string>(TitleText: $"L(x): {compressor} length (bits per image)")
            .WithYAxisStyle<double, double, string>(TitleText: $"−log₂ p(x) under the {model} (bits per image)")
            .WithSize(700, 520)
            .WithTitleText($"Likelihood tracks compressibility: −log₂ p(x) against {compressor} length");
    }

    /// <summary>Overlaid histograms of one score for in-distribution and OOD images.</summary>
    public static GenericChart ScoreHistograms(IReadOnlyDictionary<string, double[]> scores, string scoreName, string title)
    {
        var bars = scores.Select(s => Chart.Histogram<double, double, string>(X: s.Value, Name: s.Key, Opacity: 0.6, HistNorm: StyleParam.HistNorm.Probability));
        return Chart.Combine(bars)
            .WithXAxisStyle<double, double, string>(TitleText: scoreName)
            .WithYAxisStyle<double, double, string>(TitleText: "share of images")
            .WithSize(700, 420)
            .WithTitleText(title);
    }

    private static IReadOnlyList<RocPoint> Thin(IReadOnlyList<RocPoint> curve, int maxPoints)
    {
        if (curve.Count <= maxPoints) return curve;
        var step = (curve.Count - 1) / (double)(maxPoints - 1);
        return Enumerable.Range(0, maxPoints).Select(i => curve[(int)Math.Round(i * step)]).ToArray();
    }
}
