using Plotly.NET;

namespace VaeLab.Plotting;

/// <summary>Small bridges from C# to Plotly.NET's F# API where Plotly.NET.CSharp has no wrapper.</summary>
public static class ChartExtensions
{
    /// <summary>Sets the chart's title (Plotly.NET's <c>Chart.withTitle</c>).</summary>
    public static GenericChart WithTitleText(this GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
