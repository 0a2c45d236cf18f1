using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts for graph models (notebook 08).</summary>
public static class GraphCharts
{
    /// <summary>Node embeddings in two dimensions (e.g. the first two principal components), one colour per community.</summary>
    public static GenericChart NodeEmbedding(double[] x, double[] y, int[] communities, string title, string xTitle = "PC 1", string yTitle = "PC 2")
    {
        if (x.Length != y.Length || x.Length != communities.Length)
            throw new ArgumentException($"Give one x, y and community per node; got {x.Length}, {y.Length} and {communities.Length}.");
        var groups = communities.Distinct().Order().Select(c =>
        {
            var nodes = Enumerable.Range(0, communities.Length).Where(i => communities[i] == c).ToArray();
            return Chart.Point<double, double, string>(x: nodes.Select(i => x[i]), y: nodes.Select(i => y[i]), Name: $"community {c}", Opacity: 0.75);
        });
        return Chart.Combine(groups)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithSize(650, 520)
            .WithTitleText(title);
    }
}
