using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Graphs;

/// <summary>A list of node pairs (i, j) with i &lt; j: edges or non-edges of an undirected graph.</summary>
public sealed record NodePairs(long[] First, long[] Second)
{
    public int Count => First.Length;

    /// <summary>The two endpoint index tensors (Int64 [Count] each), e.g. for scoring σ(z_i · z_j) with index_select.</summary>
    public (Tensor First, Tensor Second) ToTensors() => (tensor(First), tensor(Second));

    public IEnumerable<(long I, long J)> Pairs() => First.Zip(Second);
}

/// <summary>
/// A link-prediction split (Kipf &amp; Welling 2016, "Variational Graph Auto-Encoders", section 4): some edges are held
/// out for validation and testing, each paired with as many node pairs that are not edges of the full graph; the
/// model trains on <see cref="TrainingAdjacency"/>, which lacks the held-out edges, and is scored by how well it
/// ranks held-out edges above the non-edges (ROC-AUC and average precision).
/// </summary>
public sealed record LinkPredictionSplit(
    Tensor TrainingAdjacency,
    NodePairs TrainingEdges,
    NodePairs ValidationEdges,
    NodePairs ValidationNonEdges,
    NodePairs TestEdges,
    NodePairs TestNonEdges);

/// <summary>Splits a graph's edges for link prediction.</summary>
public static class EdgeSplit
{
    /// <summary>
    /// Holds out ⌊fraction · E⌋ edges for validation and for testing (defaults 5 % and 10 %, as in Kipf &amp; Welling
    /// 2016) and draws the same numbers of non-edges uniformly from the pairs i &lt; j that are not edges of the full
    /// graph, with no pair drawn twice (so validation and test non-edges are disjoint). Deterministic in <paramref name="seed"/>.
    /// </summary>
    public static LinkPredictionSplit Split(Tensor adjacency, int seed, double validationFraction = 0.05, double testFraction = 0.10)
    {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1))
            throw new ArgumentException(
                $"The validation and test fractions must be non-negative and sum to less than 1; got {validationFraction} and {testFraction}.");
        var (n, isEdge) = ReadAdjacency(adjacency);

        var edges = new List<(long, long)>();
        var nonEdges = new List<(long, long)>();
        for (long i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                (isEdge[i * n + j] ? edges : nonEdges).Add((i, j));

        var validationCount = (int)Math.Floor(validationFraction * edges.Count);
        var testCount = (int)Math.Floor(testFraction * edges.Count);
        if (nonEdges.Count < validationCount + testCount)
            throw new ArgumentException(
                $"The graph has only {nonEdges.Count} non-edges but the split needs {validationCount + testCount}; lower the fractions or use a sparser graph.");

        var random = new Random(seed);
        ShuffleFront(edges, validationCount + testCount, random);
        ShuffleFront(nonEdges, validationCount + testCount, random);

        var training = new float[n * n];
        foreach (var (i, j) in edges.Skip(validationCount + testCount)) training[i * n + j] = training[j * n + i] = 1f;

        return new LinkPredictionSplit(
            tensor(training, [n, n]),
            ToPairs(edges.Skip(validationCount + testCount)),
            ToPairs(edges.Take(validationCount)),
            ToPairs(nonEdges.Take(validationCount)),
            ToPairs(edges.Skip(validationCount).Take(testCount)),
            ToPairs(nonEdges.Skip(validationCount).Take(testCount)));
    }

    /// <summary>A partial Fisher–Yates shuffle: the first <paramref name="count"/> items become a uniform random
    /// sample without replacement, in random order.</summary>
    private static void ShuffleFront<T>(List<T> items, int count, Random random)
    {
        for (var k = 0; k < count; k++)
        {
            var pick = random.Next(k, items.Count);
            (items[k], items[pick]) = (items[pick], items[k]);
        }
    }

    private static NodePairs ToPairs(IEnumerable<(long I, long J)> pairs)
    {
        var list = pairs.ToList();
        return new NodePairs(list.Select(p => p.I).ToArray(), list.Select(p => p.J).ToArray());
    }

    private static (long Nodes, bool[] IsEdge) ReadAdjacency(Tensor adjacency)
    {
        if (adjacency.dim() != 2 || adjacency.shape[0] != adjacency.shape[1] || adjacency.shape[0] < 2)
            throw new ArgumentException($"Expected a square adjacency matrix [n, n] with n ≥ 2; got [{string.Join(", ", adjacency.shape)}].");
        using var scope = NewDisposeScope();
        var n = adjacency.shape[0];
        var values = adjacency.detach().cpu().to_type(ScalarType.Float32).reshape(-1).data<float>().ToArray();
        var isEdge = new bool[values.Length];
        for (long i = 0; i < n; i++)
            for (long j = 0; j < n; j++)
            {
                var a = values[i * n + j];
                if (a != values[j * n + i] || (a != 0 && a != 1))
                    throw new ArgumentException(
                        $"The adjacency must be symmetric with 0/1 entries (an undirected, unweighted graph); entry ({i}, {j}) is {a} and ({j}, {i}) is {values[j * n + i]}.");
                isEdge[i * n + j] = a == 1 && i != j;
            }
        return (n, isEdge);
    }
}
