using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Graph;

/// <summary>
/// The classic neighbourhood scores for link prediction (Liben-Nowell &amp; Kleinberg 2007), computed on the training
/// graph only: no learning, no parameters. Each returns a score for every pair as a Float64 matrix [n, n]; rank held-out
/// pairs with <see cref="LinkPrediction.EvaluateScores"/>. They are the baselines a learned embedding has to beat: on a
/// graph with many triangles, two nodes with friends in common tend to be friends.
/// </summary>
public static class LinkHeuristics
{
    /// <summary>Common neighbours: |N(i) ∩ N(j)| = (A²)_ij.</summary>
    public static Tensor CommonNeighbours(Tensor adjacency)
    {
        using var scope = NewDisposeScope();
        var a = Check(adjacency);
        return a.mm(a).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Adamic–Adar (Adamic &amp; Adar 2003): Σ over common neighbours k of 1 / log deg(k). A neighbour shared with few
    /// others says more than a hub everyone shares. A common neighbour has degree ≥ 2, so the logarithm is positive.
    /// </summary>
    public static Tensor AdamicAdar(Tensor adjacency)
    {
        using var scope = NewDisposeScope();
        var a = Check(adjacency);
        var weight = a.sum(dim: 1).clamp_min(2).log().reciprocal();   // nodes of degree < 2 are never a common neighbour
        return (a * weight.unsqueeze(0)).mm(a).MoveToOuterDisposeScope();
    }

    /// <summary>Preferential attachment: deg(i) · deg(j). Uses degrees only, no neighbourhood overlap.</summary>
    public static Tensor PreferentialAttachment(Tensor adjacency)
    {
        using var scope = NewDisposeScope();
        var degree = Check(adjacency).sum(dim: 1);
        return degree.unsqueeze(1).mm(degree.unsqueeze(0)).MoveToOuterDisposeScope();
    }

    private static Tensor Check(Tensor adjacency)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1])
            throw new ArgumentException($"Expected a square adjacency [n, n]; got [{string.Join(", ", adjacency.shape)}].");
        var a = adjacency.detach().to_type(ScalarType.Float64);
        if ((a - a.t()).abs().max().ToDouble() != 0 || a.diagonal().abs().sum().ToDouble() != 0)
            throw new ArgumentException("The adjacency must be symmetric without self-loops (an undirected graph); pass the training graph's adjacency.");
        return a;
    }
}
