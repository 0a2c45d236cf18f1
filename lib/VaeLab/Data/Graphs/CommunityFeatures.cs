using static TorchSharp.torch;

namespace VaeLab.Data.Graphs;

/// <summary>
/// Node features that carry information about a node's community, the way a paper's words carry information about
/// its field in a citation network: every community c gets a random centre m_c ~ N(0, I_F), and node i's features are
/// x_i = m_c + s · ε_i with ε_i ~ N(0, I_F). The noise scale s sets how much the features alone reveal.
/// </summary>
public static class CommunityFeatures
{
    /// <summary>Float32 [n, <paramref name="dimensions"/>] for the nodes' <paramref name="communities"/>; deterministic in <paramref name="seed"/>.</summary>
    public static Tensor Sample(int[] communities, int dimensions, double noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(communities);
        if (communities.Length == 0 || communities.Any(c => c < 0))
            throw new ArgumentException("Give each node a community index ≥ 0 (e.g. CommunityGraph.Communities).");
        if (dimensions < 1) throw new ArgumentException($"Features need at least one dimension; got {dimensions}.");
        if (!(noise >= 0) || !double.IsFinite(noise)) throw new ArgumentException($"The noise scale must be finite and ≥ 0; got {noise}.");
        var random = new Random(unchecked(seed * 7919 + 3));
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = new double[communities.Max() + 1, dimensions];
        for (var c = 0; c < centres.GetLength(0); c++)
            for (var f = 0; f < dimensions; f++) centres[c, f] = Gaussian();
        var features = new float[(long)communities.Length * dimensions];
        for (var i = 0; i < communities.Length; i++)
            for (var f = 0; f < dimensions; f++)
                features[(long)i * dimensions + f] = (float)(centres[communities[i], f] + noise * Gaussian());
        return tensor(features, [communities.Length, dimensions]);
    }
}
