using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Models.Graph;

/// <summary>The propagation matrices a graph convolution multiplies by.</summary>
public static class GraphNormalization
{
    /// <summary>
    /// Â = D̃^−1/2 (A + I) D̃^−1/2 with D̃ the degree matrix of A + I (Kipf &amp; Welling 2017, eq. 2, the
    /// "renormalisation trick"). The self-loops keep each node's own features in the average; the symmetric scaling
    /// keeps Â's eigenvalues in (−1, 1], so stacking layers neither explodes nor vanishes. Input: a symmetric dense
    /// adjacency [n, n] with a zero diagonal (0/1 or non-negative weights); output has the same dtype.
    /// </summary>
    public static Tensor Symmetric(Tensor adjacency)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1] || adjacency.shape[0] < 1 || !adjacency.is_floating_point())
            throw new ArgumentException(
                $"Expected a floating square adjacency [n, n]; got dtype {adjacency.dtype}, shape [{string.Join(", ", adjacency.shape)}].");
        using var scope = NewDisposeScope();
        if ((adjacency - adjacency.t()).abs().max().ToDouble() != 0)
            throw new ArgumentException("The adjacency is not symmetric; the symmetric normalisation is for undirected graphs (use A + Aᵀ, or A clamped to 1).");
        if (adjacency.diagonal().abs().sum().ToDouble() != 0)
            throw new ArgumentException("The adjacency has self-loops on its diagonal; pass it without them, Symmetric adds one self-loop per node.");
        var withSelfLoops = adjacency + eye(adjacency.shape[0], dtype: adjacency.dtype, device: adjacency.device);
        var inverseSqrtDegree = withSelfLoops.sum(dim: 1).rsqrt();
        return (inverseSqrtDegree.unsqueeze(1) * withSelfLoops * inverseSqrtDegree.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}
