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

/// <summary>The connected components of an undirected graph: how many, and how many nodes the largest holds.</summary>
/// <param name="Count">Number of components (an isolated node is one). It equals the multiplicity of the eigenvalue 1 of
/// Â = D̃^−1/2 (A + I) D̃^−1/2, the matrix the spectral embedding and the GCN use: each component contributes exactly one.</param>
/// <param name="Largest">Nodes in the largest (giant) component.</param>
/// <param name="Isolated">Nodes with no edge.</param>
public sealed record GraphComponents(int Count, int Largest, int Isolated)
{
    public override string ToString() => $"{Count} component{(Count == 1 ? "" : "s")} (largest {Largest} nodes, {Isolated} isolated)";
}

/// <summary>Computes a <see cref="GraphSummary"/> from a symmetric 0/1 adjacency.</summary>
public static class GraphStatistics
{
    /// <summary>The connected components of a symmetric adjacency [n, n] (non-zero = edge; the diagonal is ignored), by breadth-first search.</summary>
    public static GraphComponents Components(Tensor adjacency)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1] || adjacency.shape[0] < 1)
            throw new ArgumentException($"Expected a square adjacency [n, n]; got [{string.Join(", ", adjacency.shape)}].");
        var n = (int)adjacency.shape[0];
        var entries = adjacency.detach().to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        var neighbours = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Where(j => j != i && entries[i * n + j] != 0).ToArray()).ToArray();
        var label = Enumerable.Repeat(-1, n).ToArray();
        var (count, largest) = (0, 0);
        var queue = new Queue<int>();
        for (var start = 0; start < n; start++)
        {
            if (label[start] >= 0) continue;
            var size = 0;
            label[start] = count;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                size++;
                foreach (var next in neighbours[node])
                    if (label[next] < 0) { label[next] = count; queue.Enqueue(next); }
            }
            largest = Math.Max(largest, size);
            count++;
        }
        return new GraphComponents(count, largest, neighbours.Count(list => list.Length == 0));
    }

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
