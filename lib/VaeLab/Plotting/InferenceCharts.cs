using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Plotly.NET charts for notebooks 01 and 02 (graphical models, classic inference). Each returns a chart a cell can end with.</summary>
public static class InferenceCharts
{
    /// <summary>One line per named series over a shared x, with optional log axes.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IReadOnlyList<double> x,
        IReadOnlyDictionary<string, double[]> series, bool logX = false, bool logY = false, bool markers = true)
    {
        foreach (var (name, y) in series)
            if (y.Length != x.Count) throw new ArgumentException($"Series '{name}' has {y.Length} values for {x.Count} x positions.");
        var charts = series.Select(s => Chart.Line<double, double, string>(x: x, y: s.Value, Name: s.Key, ShowMarkers: markers));
        return Style(Chart.Combine(charts), title, xTitle, yTitle, logX, logY);
    }

    /// <summary>Series with their own x values (e.g. error vs wall time for several methods).</summary>
    public static GenericChart Curves(string title, string xTitle, string yTitle,
        IEnumerable<(string Name, double[] X, double[] Y, bool Markers)> curves, bool logX = false, bool logY = false)
    {
        var charts = curves.Select(c => c.X.Length == 1
            ? Chart.Point<double, double, string>(x: c.X, y: c.Y, Name: c.Name)
            : Chart.Line<double, double, string>(x: c.X, y: c.Y, Name: c.Name, ShowMarkers: c.Markers));
        return Style(Chart.Combine(charts), title, xTitle, yTitle, logX, logY);
    }

    /// <summary>Filled contours of a density on a grid plus line curves drawn over it (e.g. q's contours or a path).</summary>
    public static GenericChart DensityWithOverlays(string title, string xTitle, string yTitle, double[] gridX, double[] gridY,
        double[][] density, IEnumerable<(string Name, double[] X, double[] Y)> overlays,
        IEnumerable<(string Name, double[][] Density)>? lineContours = null)
    {
        if (density.Length != gridY.Length || density.Any(row => row.Length != gridX.Length))
            throw new ArgumentException($"density must be [{gridY.Length} rows (y)][{gridX.Length} columns (x)].");
        var contour = Chart.Contour<double, double, double, string>(zData: density, X: gridX, Y: gridY, Name: "exact posterior",
            ShowScale: false, NContours: 12);
        // One plain colour per overlay (a colour scale would make them indistinguishable), and an explicit width:
        // Plotly.NET's contour default is width 0, which left the overlays invisible.
        string[] palette = ["#00e5ff", "#ff4081", "white", "#c6ff00"];
        var contourLines = (lineContours ?? []).Select((c, k) => Chart.Contour<double, double, double, string>(zData: c.Density, X: gridX, Y: gridY,
            Name: c.Name, ShowScale: false, ShowLegend: true, ContoursColoring: StyleParam.ContourColoring.NoColoring, NContours: 5,
            ShowContourLines: true, ContourLinesColor: Color.fromString(palette[k % palette.Length]), ContourLinesWidth: 2.0,
            ContourLinesDash: k == 0 ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid));
        var lines = overlays.Select(o => Chart.Line<double, double, string>(x: o.X, y: o.Y, Name: o.Name));
        return Style(Chart.Combine([contour, .. contourLines, .. lines]), title, xTitle, yTitle, false, false);
    }

    /// <summary>Grouped bars, one group per category.</summary>
    public static GenericChart Bars(string title, string yTitle, IReadOnlyList<string> categories, IReadOnlyDictionary<string, double[]> series)
    {
        var charts = series.Select(s => Chart.Column<double, string, string>(values: s.Value, Keys: categories.ToArray(), Name: s.Key));
        return Style(Chart.Combine(charts), title, "", yTitle, false, false);
    }

    private static GenericChart Style(GenericChart chart, string title, string xTitle, string yTitle, bool logX, bool logY) =>
        chart.WithTitleText(title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle, AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithSize(760, 420);
}
