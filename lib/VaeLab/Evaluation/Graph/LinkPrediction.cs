using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Ood;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Graph;

/// <summary>Link-prediction quality on held-out pairs: ROC-AUC and average precision (Kipf &amp; Welling 2016, table 1).</summary>
public sealed record LinkPredictionSummary(double RocAuc, double AveragePrecision)
{
    public override string ToString() => $"AUC {RocAuc:F3}, AP {AveragePrecision:F3}";
}

/// <summary>
/// Scores node pairs by the inner product of their embeddings and measures how well held-out edges rank above
/// non-edges. The ranking uses z_i · z_j in Float64, not σ(z_i · z_j): the sigmoid is monotone, so the AUC and AP are
/// the same, but in float32 it rounds large products to exactly 1 and would create false ties.
/// </summary>
public static class LinkPrediction
{
    /// <summary>z_i · z_j for each pair (Float64 [pairs]).</summary>
    public static Tensor PairScores(Tensor embeddings, NodePairs pairs)
    {
        if (embeddings.dim() != 2) throw new ArgumentException($"Embeddings must be [n, D]; got [{string.Join(", ", embeddings.shape)}].");
        var n = embeddings.shape[0];
        if (pairs.First.Concat(pairs.Second).Any(i => i < 0 || i >= n))
            throw new ArgumentException($"A node index in the pairs lies outside 0..{n - 1}.");
        using var scope = NewDisposeScope();
        var z = embeddings.detach().to_type(ScalarType.Float64);
        var (first, second) = pairs.ToTensors();
        return (z.index_select(0, first) * z.index_select(0, second)).sum(dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>ROC-AUC and AP with the edges as the positive class.</summary>
    public static LinkPredictionSummary Evaluate(Tensor embeddings, NodePairs edges, NodePairs nonEdges)
    {
        using var scope = NewDisposeScope();
        var summary = DetectionMetrics.SummariseTensors(PairScores(embeddings, nonEdges), PairScores(embeddings, edges));
        return new LinkPredictionSummary(summary.RocAuc, summary.AveragePrecision);
    }

    /// <summary>
    /// ROC-AUC and AP of any pair score given as a matrix [n, n] (higher = more likely an edge): a heuristic of
    /// <see cref="LinkHeuristics"/>, an oracle's edge probabilities, or z zᵀ. Ties (common in counting scores) count one half.
    /// </summary>
    public static LinkPredictionSummary EvaluateScores(Tensor pairScores, NodePairs edges, NodePairs nonEdges)
    {
        if (pairScores.dim() != 2 || pairScores.shape[0] != pairScores.shape[1])
            throw new ArgumentException($"Pair scores must be a square matrix [n, n]; got [{string.Join(", ", pairScores.shape)}].");
        var n = pairScores.shape[0];
        if (edges.First.Concat(edges.Second).Concat(nonEdges.First).Concat(nonEdges.Second).Any(i => i < 0 || i >= n))
            throw new ArgumentException($"A node index in the pairs lies outside 0..{n - 1}.");
        using var scope = NewDisposeScope();
        var flat = pairScores.detach().to_type(ScalarType.Float64).reshape(-1);
        Tensor Pick(NodePairs pairs) { var (first, second) = pairs.ToTensors(); return flat.index_select(0, first * n + second); }
        var summary = DetectionMetrics.SummariseTensors(Pick(nonEdges), Pick(edges));
        return new LinkPredictionSummary(summary.RocAuc, summary.AveragePrecision);
    }

    /// <summary>
    /// The spectral baseline: the d leading eigenvectors of Â = D̃^−1/2 (A + I) D̃^−1/2 scaled by the square roots of
    /// their (clamped non-negative) eigenvalues, so z_i · z_j is entry (i, j) of Â's best rank-d approximation (on its
    /// positive part). Close to the spectral-clustering embedding of Tang &amp; Liu 2011 that Kipf &amp; Welling compare with.
    /// Returns Float64 [n, d].
    /// </summary>
    /// <remarks>
    /// Each connected component of the graph gives Â one eigenvalue exactly 1 (an isolated node too: its row of Â is its
    /// self-loop). When the graph has more than d components, the d leading eigenvectors are d of the eigenvalue-1 vectors
    /// of a larger eigenspace, and which d directions eigh returns decides the embedding: if they mostly pick out isolated
    /// nodes, which carry no information about any pair, the embedding can rank pairs near chance (with exactly d
    /// components the eigenspace is the embedding, whatever basis eigh returns).
    /// <see cref="RegularizedSpectralEmbedding"/> avoids this.
    /// </remarks>
    public static Tensor SpectralEmbedding(Tensor adjacency, int dimensions)
    {
        using var scope = NewDisposeScope();
        return Leading(GraphNormalization.Symmetric(adjacency.to_type(ScalarType.Float64)), dimensions).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The spectral baseline of regularised spectral clustering (Qin &amp; Rohe 2013): the same construction as
    /// <see cref="SpectralEmbedding"/> on L_τ = D_τ^−1/2 A D_τ^−1/2 with D_τ = D + τI, i.e. every degree inflated by τ
    /// (default: the graph's mean degree) and no self-loops. An isolated node's row is then zero, and a small component's
    /// eigenvalues fall below 1, so the leading eigenvectors describe the giant component's communities and degrees
    /// instead of a rotation of component indicators. The rows of the eigenvectors are not normalised (a clustering step that
    /// would remove the degree information a link predictor needs). Returns Float64 [n, d].
    /// </summary>
    public static Tensor RegularizedSpectralEmbedding(Tensor adjacency, int dimensions, double? tau = null)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1])
            throw new ArgumentException($"The adjacency must be square [n, n]; got [{string.Join(", ", adjacency.shape)}].");
        if (tau is <= 0 || tau is double t && !double.IsFinite(t))
            throw new ArgumentException($"The regularisation τ must be positive and finite; got {tau}.");
        using var scope = NewDisposeScope();
        var a = adjacency.detach().to_type(ScalarType.Float64);
        a = a - diag(a.diagonal());
        var degree = a.sum(dim: 1);
        var regularizer = tau ?? degree.mean().ToDouble();
        if (regularizer <= 0)
            throw new ArgumentException("The graph has no edges, so the default τ (its mean degree) is 0; give a positive τ.");
        var scale = (degree + regularizer).rsqrt();
        return Leading(scale.unsqueeze(1) * a * scale.unsqueeze(0), dimensions).MoveToOuterDisposeScope();
    }

    private static Tensor Leading(Tensor normalized, int dimensions)
    {
        var n = normalized.shape[0];
        if (dimensions < 1 || dimensions > n)
            throw new ArgumentException($"The spectral embedding needs 1 ≤ d ≤ {n} dimensions; got {dimensions}.");
        var (values, vectors) = linalg.eigh(normalized);                  // ascending eigenvalues
        var top = vectors.narrow(1, n - dimensions, dimensions);
        var scale = values.narrow(0, n - dimensions, dimensions).clamp_min(0).sqrt();
        return top * scale.unsqueeze(0);
    }
}
