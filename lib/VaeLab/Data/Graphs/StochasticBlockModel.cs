using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Graphs;

/// <summary>
/// Parameters of a stochastic block model (Holland, Laskey &amp; Leinhardt 1983): nodes fall into communities of the
/// given sizes; each pair of distinct nodes is joined independently with probability <paramref name="WithinProbability"/>
/// if they share a community and <paramref name="BetweenProbability"/> otherwise.
/// </summary>
public sealed record StochasticBlockModelOptions(int[] CommunitySizes, double WithinProbability, double BetweenProbability)
{
    /// <summary>A small default for notebook 08: 4 communities of 50 nodes, about 10 neighbours inside and 1.5 outside.</summary>
    public static StochasticBlockModelOptions Default { get; } = new([50, 50, 50, 50], 0.2, 0.01);

    public int NodeCount => CommunitySizes.Sum();

    public void Validate()
    {
        if (CommunitySizes is null || CommunitySizes.Length == 0 || CommunitySizes.Any(size => size < 1))
            throw new ArgumentException("Give at least one community, each with at least one node (e.g. [50, 50, 50]).");
        if (!(WithinProbability >= 0 && WithinProbability <= 1) || !(BetweenProbability >= 0 && BetweenProbability <= 1))
            throw new ArgumentException(
                $"Edge probabilities must lie in [0, 1]; got within {WithinProbability}, between {BetweenProbability}.");
    }
}

/// <summary>An undirected graph with known communities: a symmetric 0/1 adjacency (Float32 [n, n], zero diagonal)
/// and each node's community index.</summary>
public sealed record CommunityGraph(Tensor Adjacency, int[] Communities)
{
    public int NodeCount => Communities.Length;

    /// <summary>The number of undirected edges (each counted once).</summary>
    public long EdgeCount => (long)Adjacency.sum().ToDouble() / 2;
}

/// <summary>Draws graphs from a stochastic block model; a stand-in for a citation network with a known community
/// structure, small enough for a dense GCN on a CPU.</summary>
public static class StochasticBlockModel
{
    /// <summary>
    /// One graph: nodes are numbered community by community (community 0 first), and for every pair i &lt; j an edge
    /// is drawn with a <see cref="System.Random"/> seeded by <paramref name="seed"/>, so the same seed gives the same graph.
    /// </summary>
    public static CommunityGraph Sample(StochasticBlockModelOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = options.NodeCount;
        var communities = new int[n];
        for (int c = 0, node = 0; c < options.CommunitySizes.Length; c++)
            for (var k = 0; k < options.CommunitySizes[c]; k++) communities[node++] = c;

        var random = new Random(seed);
        var adjacency = new float[(long)n * n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var p = communities[i] == communities[j] ? options.WithinProbability : options.BetweenProbability;
                if (random.NextDouble() < p) adjacency[(long)i * n + j] = adjacency[(long)j * n + i] = 1f;
            }
        return new CommunityGraph(tensor(adjacency, [n, n]), communities);
    }
}
