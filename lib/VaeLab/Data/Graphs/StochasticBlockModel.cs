using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Graphs;

/// <summary>
/// Parameters of a stochastic block model (Holland, Laskey &amp; Leinhardt 1983): nodes fall into communities of the
/// given sizes; each pair of distinct nodes is joined independently with probability <paramref name="WithinProbability"/>
/// if they share a community and <paramref name="BetweenProbability"/> otherwise. With <paramref name="DegreeSpread"/>
/// σ &gt; 0 it is the degree-corrected block model of Karrer &amp; Newman 2011: node i gets a propensity
/// θ_i = exp(σ g_i) (g_i standard normal), rescaled to mean 1 inside its community, and the pair (i, j) is joined with
/// probability min(1, θ_i θ_j p), so communities keep their expected edge counts while degrees within a community spread
/// out like those of real networks (a few hubs, many nodes with one or two links).
/// </summary>
public sealed record StochasticBlockModelOptions(int[] CommunitySizes, double WithinProbability, double BetweenProbability, double DegreeSpread = 0)
{
    /// <summary>A small default for notebook 08: 4 communities of 50 nodes, about 10 neighbours inside and 1.5 outside.</summary>
    public static StochasticBlockModelOptions Default { get; } = new([50, 50, 50, 50], 0.2, 0.01);

    /// <summary>
    /// Notebook 08's second graph: a sparser degree-corrected model, 4 communities of 100 nodes, p_in 0.06, p_out 0.003,
    /// σ = 1 (about 6.6 neighbours on average, from one or two to a few dozen), so that a held-out edge depends on the
    /// two nodes' degrees as well as their communities.
    /// </summary>
    public static StochasticBlockModelOptions DegreeCorrected { get; } = new([100, 100, 100, 100], 0.06, 0.003, DegreeSpread: 1.0);

    public int NodeCount => CommunitySizes.Sum();

    public void Validate()
    {
        if (CommunitySizes is null || CommunitySizes.Length == 0 || CommunitySizes.Any(size => size < 1))
            throw new ArgumentException("Give at least one community, each with at least one node (e.g. [50, 50, 50]).");
        if (!(WithinProbability >= 0 && WithinProbability <= 1) || !(BetweenProbability >= 0 && BetweenProbability <= 1))
            throw new ArgumentException(
                $"Edge probabilities must lie in [0, 1]; got within {WithinProbability}, between {BetweenProbability}.");
        if (!(DegreeSpread >= 0 && DegreeSpread <= 3))
            throw new ArgumentException($"The degree spread σ must lie in [0, 3] (0: the plain block model); got {DegreeSpread}.");
    }
}

/// <summary>An undirected graph with known communities: a symmetric 0/1 adjacency (Float32 [n, n], zero diagonal),
/// each node's community index, and the probability with which each pair was joined (Float64 [n, n], zero diagonal) —
/// what no method can know, and so the best any link predictor can do on this graph (an oracle).</summary>
public sealed record CommunityGraph(Tensor Adjacency, int[] Communities, Tensor EdgeProbabilities)
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

        var propensity = Propensities(options, communities, seed);
        var random = new Random(seed);
        var adjacency = new float[(long)n * n];
        var probabilities = new double[(long)n * n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var p = communities[i] == communities[j] ? options.WithinProbability : options.BetweenProbability;
                p = Math.Min(1, propensity[i] * propensity[j] * p);
                probabilities[(long)i * n + j] = probabilities[(long)j * n + i] = p;
                if (random.NextDouble() < p) adjacency[(long)i * n + j] = adjacency[(long)j * n + i] = 1f;
            }
        return new CommunityGraph(tensor(adjacency, [n, n]), communities, tensor(probabilities, [n, n], dtype: ScalarType.Float64));
    }

    /// <summary>θ_i of the degree-corrected model (all 1 for the plain one), from its own generator so that σ = 0 leaves
    /// the edges of a seed unchanged.</summary>
    private static double[] Propensities(StochasticBlockModelOptions options, int[] communities, int seed)
    {
        var theta = Enumerable.Repeat(1.0, communities.Length).ToArray();
        if (options.DegreeSpread == 0) return theta;
        var random = new Random(unchecked(seed * 31 + 17));
        for (var i = 0; i < theta.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            theta[i] = Math.Exp(options.DegreeSpread * gaussian);
        }
        foreach (var community in communities.Distinct())
        {
            var members = Enumerable.Range(0, theta.Length).Where(i => communities[i] == community).ToArray();
            var mean = members.Average(i => theta[i]);
            foreach (var i in members) theta[i] /= mean;
        }
        return theta;
    }
}
