namespace VaeLab.Evaluation.Graph;

/// <summary>
/// What the connected components of a set of training graphs imply for a spectral embedding of Â with
/// <c>dimensions</c> leading eigenvectors. Every component gives Â one eigenvalue exactly 1, so a graph with at least
/// as many components as dimensions has all its leading eigenvectors in that eigenspace, whose vectors can only say
/// which component a node is in and its degree (each is a combination of the components' vectors D̃^1/2 𝟏). Only with
/// more components than dimensions is the embedding not fixed by the graph: which directions of the eigenspace the
/// eigen-solver returns then decides it. With exactly as many, the eigenspace is the whole embedding and the basis
/// does not matter (z zᵀ is its projection).
/// </summary>
public static class SpectralDegeneracy
{
    /// <summary>One sentence: how many graphs have at least / more than <paramref name="dimensions"/> components, and what follows.</summary>
    public static string Describe(IReadOnlyList<GraphComponents> graphs, int dimensions)
    {
        if (graphs.Count == 0) throw new ArgumentException("Describe needs at least one graph's components; got none.");
        if (dimensions < 1) throw new ArgumentException($"The embedding needs at least one dimension; got {dimensions}.");
        var atLeast = graphs.Count(g => g.Count >= dimensions);
        var more = graphs.Count(g => g.Count > dimensions);
        var text = $"{atLeast} of {graphs.Count} training graphs have at least {dimensions} connected components " +
                   $"({graphs.Min(g => g.Count)}–{graphs.Max(g => g.Count)}" +
                   (graphs.Sum(g => g.Isolated) * 2 > graphs.Sum(g => g.Count) ? ", most of them isolated nodes)" : ")");
        if (atLeast == 0) return text + ".";
        text += $"; on those, all {dimensions} leading eigenvectors of Â have eigenvalue 1, an eigenspace whose vectors say only " +
                "which component a node is in and how many links it has";
        return more == 0
            ? text + " (exactly as many components as dimensions: that eigenspace is the embedding, whatever basis the eigen-solver returns)."
            : text + $"; {more} of them {(more == 1 ? "has" : "have")} more than {dimensions}, and there which {dimensions} directions of that eigenspace the eigen-solver returns decides the embedding.";
    }
}
