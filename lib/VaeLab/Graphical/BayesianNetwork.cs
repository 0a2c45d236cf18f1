using VaeLab.Numerics;

namespace VaeLab.Graphical;

/// <summary>One node of a discrete Bayesian network: p(node | parents) as a table, one row per parent configuration.</summary>
/// <param name="Table">Row-major [parent configuration, value]; parent configurations count the first parent slowest.</param>
public sealed record DiscreteNode(string Name, int Cardinality, IReadOnlyList<int> Parents, double[] Table);

/// <summary>
/// A directed graphical model over discrete variables: p(x) = Π_i p(x_i | parents(x_i)). Nodes are added in a
/// topological order (parents first), which is also the order ancestral sampling visits them.
/// </summary>
public sealed class BayesianNetwork
{
    private readonly List<DiscreteNode> nodes = [];

    public IReadOnlyList<DiscreteNode> Nodes => nodes;

    /// <summary>Adds a node with its conditional probability table (rows must each sum to 1).</summary>
    public BayesianNetwork AddNode(string name, int cardinality, string[] parents, double[] table)
    {
        if (nodes.Any(n => n.Name == name)) throw new ArgumentException($"A node named '{name}' already exists.", nameof(name));
        if (cardinality < 2) throw new ArgumentOutOfRangeException(nameof(cardinality), "A variable needs at least 2 values.");
        var parentIndices = parents.Select(p => nodes.FindIndex(n => n.Name == p)).ToArray();
        if (parentIndices.Any(i => i < 0))
            throw new ArgumentException($"Parents of '{name}' must be added before it (missing: {string.Join(", ", parents.Where(p => nodes.All(n => n.Name != p)))}).");
        var rows = parentIndices.Aggregate(1, (a, i) => a * nodes[i].Cardinality);
        if (table.Length != rows * cardinality)
            throw new ArgumentException($"'{name}' needs {rows} rows × {cardinality} values = {rows * cardinality} numbers, got {table.Length}.");
        for (var r = 0; r < rows; r++)
        {
            var sum = 0.0;
            for (var v = 0; v < cardinality; v++)
            {
                var p = table[r * cardinality + v];
                if (p < 0 || double.IsNaN(p)) throw new ArgumentException($"'{name}' row {r} has a negative or NaN probability.");
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"'{name}' row {r} sums to {sum}, not 1.");
        }
        nodes.Add(new DiscreteNode(name, cardinality, parentIndices, table));
        return this;
    }

    public int IndexOf(string name)
    {
        var i = nodes.FindIndex(n => n.Name == name);
        return i >= 0 ? i : throw new ArgumentException($"No node named '{name}'; the network has {string.Join(", ", nodes.Select(n => n.Name))}.");
    }

    /// <summary>p(x_i | parents) read from the node's table for a full assignment.</summary>
    public double LocalProbability(int nodeIndex, ReadOnlySpan<int> assignment)
    {
        var node = nodes[nodeIndex];
        var row = 0;
        foreach (var parent in node.Parents) row = row * nodes[parent].Cardinality + assignment[parent];
        return node.Table[row * node.Cardinality + assignment[nodeIndex]];
    }

    /// <summary>The factorised joint Π_i p(x_i | parents(x_i)) at one assignment.</summary>
    public double JointProbability(ReadOnlySpan<int> assignment)
    {
        var p = 1.0;
        for (var i = 0; i < nodes.Count; i++) p *= LocalProbability(i, assignment);
        return p;
    }

    /// <summary>The full joint table by enumerating every assignment (exponential in the number of nodes).</summary>
    public JointTable Enumerate() =>
        JointTable.FromUnnormalised(nodes.Select(n => n.Name).ToArray(), nodes.Select(n => n.Cardinality).ToArray(),
            a => JointProbability(a), out _);

    /// <summary>One joint draw: each node sampled from p(x_i | parents) after its parents (ancestral sampling).</summary>
    public int[] SampleAncestral(Random random)
    {
        var assignment = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) assignment[i] = SampleNode(i, assignment, random);
        return assignment;
    }

    /// <summary>
    /// Running estimates of p(query | evidence) by ancestral sampling with rejection of draws that disagree with the
    /// evidence; one estimate per checkpoint (number of draws). Entries are NaN until a draw was accepted.
    /// </summary>
    public IReadOnlyList<double[]> RejectionSamplingTrace(string query, IReadOnlyDictionary<string, int> evidence,
        IReadOnlyList<int> checkpoints, Random random)
    {
        var q = IndexOf(query);
        var fixedValues = evidence.Select(e => (IndexOf(e.Key), e.Value)).ToArray();
        foreach (var (position, value) in fixedValues)
            if ((uint)value >= (uint)nodes[position].Cardinality)
                throw new ArgumentOutOfRangeException(nameof(evidence), $"{nodes[position].Name} = {value} is not a value of {nodes[position].Name}.");
        var counts = new double[nodes[q].Cardinality];
        return Trace(checkpoints, () =>
        {
            var draw = SampleAncestral(random);
            foreach (var (position, value) in fixedValues) if (draw[position] != value) return;
            counts[draw[q]] += 1;
        }, () => Normalised(counts));
    }

    /// <summary>
    /// Running estimates of p(query | evidence) by likelihood weighting: evidence nodes are clamped, the rest are
    /// sampled ancestrally, and each draw is weighted by Π p(evidence node | its parents).
    /// </summary>
    public IReadOnlyList<double[]> LikelihoodWeightingTrace(string query, IReadOnlyDictionary<string, int> evidence,
        IReadOnlyList<int> checkpoints, Random random)
    {
        var q = IndexOf(query);
        var clamped = new int[nodes.Count];
        Array.Fill(clamped, -1);
        foreach (var (name, value) in evidence)
        {
            var i = IndexOf(name);
            if ((uint)value >= (uint)nodes[i].Cardinality) throw new ArgumentOutOfRangeException(nameof(evidence), $"{name} = {value} is not a value of {name}.");
            clamped[i] = value;
        }
        var weights = new double[nodes[q].Cardinality];
        var assignment = new int[nodes.Count];
        return Trace(checkpoints, () =>
        {
            var weight = 1.0;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (clamped[i] >= 0)
                {
                    assignment[i] = clamped[i];
                    weight *= LocalProbability(i, assignment);
                }
                else assignment[i] = SampleNode(i, assignment, random);
            }
            weights[assignment[q]] += weight;
        }, () => Normalised(weights));
    }

    private int SampleNode(int i, int[] assignment, Random random)
    {
        var node = nodes[i];
        var row = 0;
        foreach (var parent in node.Parents) row = row * nodes[parent].Cardinality + assignment[parent];
        return SpecialFunctions.Categorical(random, node.Table.AsSpan(row * node.Cardinality, node.Cardinality));
    }

    private static IReadOnlyList<double[]> Trace(IReadOnlyList<int> checkpoints, Action draw, Func<double[]> estimate)
    {
        for (var k = 1; k < checkpoints.Count; k++)
            if (checkpoints[k] <= checkpoints[k - 1]) throw new ArgumentException("Checkpoints must increase.", nameof(checkpoints));
        var result = new List<double[]>(checkpoints.Count);
        var done = 0;
        foreach (var checkpoint in checkpoints)
        {
            for (; done < checkpoint; done++) draw();
            result.Add(estimate());
        }
        return result;
    }

    private static double[] Normalised(double[] counts)
    {
        var total = counts.Sum();
        return counts.Select(c => total > 0 ? c / total : double.NaN).ToArray();
    }
}
