using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Graph;

/// <summary>A few numbers that describe an undirected graph, for comparing a generated graph with the data.</summary>
/// <param name="Edges">Number of edges.</param>
/// <param name="Density">Edges / (n(n − 1)/2).</param>
/// <param name="MeanDegree">Average number of neighbours.</param>
/// <param name="MaxDegree">Largest number of neighbours.</param>
/// <param name="Transitivity">3 × triangles / connected triples: how often two neighbours of a node are neighbours
/// themselves (the global clustering coefficient).</param>
/// <param name="WithinCommunityShare">Share of edges that join two nodes of the same community (NaN without communities).</param>
public sealed record GraphSummary(long Edges, double Density, double MeanDegree, double MaxDegree, double Transitivity, double WithinCommunityShare)
{
    public override string ToString() =>
        $"{Edges:N0} edges (density {Density:F3}), mean degree {MeanDegree:F1}, max {MaxDegree:F0}, transitivity {Transitivity:F3}" +
        (double.IsNaN(WithinCommunityShare) ? "" : $", {WithinCommunityShare:P0} of edges inside a community");
}

/// <summary>Computes a <see cref="GraphSummary"/> from a symmetric 0/1 adjacency.</summary>
public static class GraphStatistics
{
    public static GraphSummary Summarise(Tensor adjacency, int[]? communities = null)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1] || adjacency.shape[0] < 2)
            throw new ArgumentException($"Expected a square adjacency [n, n] with n ≥ 2; got [{string.Join(", ", adjacency.shape)}].");
        var n = adjacency.shape[0];
        if (communities is not null && communities.Length != n)
            throw new ArgumentException($"Give one community per node: {n} nodes but {communities.Length} communities.");
        using var scope = NewDisposeScope();
        var a = adjacency.detach().to_type(ScalarType.Float64);
        if ((a - a.t()).abs().max().ToDouble() != 0 || a.diagonal().abs().sum().ToDouble() != 0)
            throw new ArgumentException("The adjacency must be symmetric without self-loops (an undirected graph).");
        var degree = a.sum(dim: 1);
        var edges = (long)Math.Round(degree.sum().ToDouble() / 2);
        var triangles = a.mm(a).mul(a).sum().ToDouble() / 6;
        var triples = (degree * (degree - 1) / 2).sum().ToDouble();
        var within = double.NaN;
        if (communities is not null && edges > 0)
        {
            var c = tensor(communities.Select(x => (long)x).ToArray());
            var same = c.unsqueeze(1).eq(c.unsqueeze(0)).to_type(ScalarType.Float64);
            within = (a * same).sum().ToDouble() / 2 / edges;
        }
        return new GraphSummary(edges, edges / (n * (n - 1) / 2.0), degree.mean().ToDouble(), degree.max().ToDouble(),
            triples > 0 ? 3 * triangles / triples : 0, within);
    }
}
