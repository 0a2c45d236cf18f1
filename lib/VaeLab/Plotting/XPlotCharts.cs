using XPlot.Plotly;

namespace VaeLab.Plotting;

/// <summary>
/// The same kind of line chart as <see cref="InferenceCharts.Lines"/>, built with XPlot.Plotly: plain CLR objects
/// (Graph.Scatter with lower-case plotly.js property names) instead of Plotly.NET's typed F#-first API.
/// </summary>
public static class XPlotCharts
{
    public static PlotlyChart Lines(string title, string xTitle, string yTitle, IReadOnlyList<double> x,
        IReadOnlyDictionary<string, double[]> series, bool logY = false)
    {
        foreach (var (name, y) in series)
            if (y.Length != x.Count) throw new ArgumentException($"Series '{name}' has {y.Length} values for {x.Count} x positions.");
        var traces = series.Select(s => new Scatter { x = x.ToArray(), y = s.Value, name = s.Key, mode = "lines+markers" });
        var chart = Chart.Plot(traces);
        chart.WithLayout(new Layout.Layout
        {
            title = title,
            xaxis = new Xaxis { title = xTitle },
            yaxis = new Yaxis { title = yTitle, type = logY ? "log" : "linear" },
        });
        chart.WithWidth(760);
        chart.WithHeight(420);
        return chart;
    }
}
