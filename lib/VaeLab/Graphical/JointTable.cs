namespace VaeLab.Graphical;

/// <summary>
/// A joint distribution over a few discrete variables, stored as one probability per assignment (last variable
/// fastest). Small on purpose: it is the brute-force reference every graphical-model claim is checked against.
/// </summary>
public sealed class JointTable
{
    private readonly int[] strides;

    public JointTable(IReadOnlyList<string> names, IReadOnlyList<int> cardinalities, double[] probabilities)
    {
        if (names.Count != cardinalities.Count)
            throw new ArgumentException($"{names.Count} names but {cardinalities.Count} cardinalities: give one cardinality per variable.");
        if (names.Distinct().Count() != names.Count) throw new ArgumentException("Variable names must be distinct.", nameof(names));
        if (cardinalities.Any(c => c < 1)) throw new ArgumentException("Every cardinality must be at least 1.", nameof(cardinalities));
        var size = cardinalities.Aggregate(1L, (a, c) => a * c);
        if (probabilities.Length != size)
            throw new ArgumentException($"{probabilities.Length} probabilities for {size} assignments: the table must list every assignment once.");
        var total = probabilities.Sum();
        if (probabilities.Any(p => p < 0 || double.IsNaN(p)) || Math.Abs(total - 1) > 1e-9)
            throw new ArgumentException($"Probabilities must be non-negative and sum to 1 (sum is {total}). Use FromUnnormalised to normalise.");
        Names = names.ToArray();
        Cardinalities = cardinalities.ToArray();
        Probabilities = probabilities;
        strides = new int[Cardinalities.Count];
        var stride = 1;
        for (var i = Cardinalities.Count - 1; i >= 0; i--) { strides[i] = stride; stride *= Cardinalities[i]; }
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<int> Cardinalities { get; }
    public IReadOnlyList<double> Probabilities { get; }
    public int AssignmentCount => Probabilities.Count;

    /// <summary>Builds a table from a non-negative score per assignment; <paramref name="normaliser"/> is Z = Σ score.</summary>
    public static JointTable FromUnnormalised(IReadOnlyList<string> names, IReadOnlyList<int> cardinalities,
        Func<int[], double> score, out double normaliser)
    {
        var size = checked((int)cardinalities.Aggregate(1L, (a, c) => a * c));
        var values = new double[size];
        var assignment = new int[cardinalities.Count];
        normaliser = 0;
        for (var index = 0; index < size; index++)
        {
            Decode(index, cardinalities, assignment);
            var s = score(assignment);
            if (s < 0 || double.IsNaN(s)) throw new ArgumentException($"Score must be non-negative; got {s} at [{string.Join(",", assignment)}].");
            values[index] = s;
            normaliser += s;
        }
        if (!(normaliser > 0)) throw new ArgumentException("Every assignment scored 0: there is no distribution to normalise.");
        for (var i = 0; i < size; i++) values[i] /= normaliser;
        return new JointTable(names, cardinalities, values);
    }

    /// <summary>Writes the assignment of flat index <paramref name="index"/> (last variable fastest) into <paramref name="assignment"/>.</summary>
    public static void Decode(int index, IReadOnlyList<int> cardinalities, int[] assignment)
    {
        for (var i = cardinalities.Count - 1; i >= 0; i--)
        {
            assignment[i] = index % cardinalities[i];
            index /= cardinalities[i];
        }
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++) if (Names[i] == name) return i;
        throw new ArgumentException($"No variable named '{name}'; the table has {string.Join(", ", Names)}.", nameof(name));
    }

    public double Probability(params int[] assignment)
    {
        if (assignment.Length != Names.Count) throw new ArgumentException($"Give one value per variable ({Names.Count}).");
        var index = 0;
        for (var i = 0; i < assignment.Length; i++)
        {
            if ((uint)assignment[i] >= (uint)Cardinalities[i])
                throw new ArgumentOutOfRangeException(nameof(assignment), $"{Names[i]} = {assignment[i]} is outside 0..{Cardinalities[i] - 1}.");
            index += assignment[i] * strides[i];
        }
        return Probabilities[index];
    }

    /// <summary>The marginal over <paramref name="keep"/> (in that order), by summing out everything else.</summary>
    public JointTable Marginal(params string[] keep)
    {
        var positions = keep.Select(IndexOf).ToArray();
        var cards = positions.Select(p => Cardinalities[p]).ToArray();
        var size = cards.Aggregate(1, (a, c) => a * c);
        var values = new double[size];
        var assignment = new int[Names.Count];
        for (var index = 0; index < AssignmentCount; index++)
        {
            Decode(index, Cardinalities, assignment);
            var target = 0;
            for (var k = 0; k < positions.Length; k++) target = target * cards[k] + assignment[positions[k]];
            values[target] += Probabilities[index];
        }
        return new JointTable(keep, cards, Renormalise(values));
    }

    /// <summary>p(query | evidence) by summing the table: the exact answer every sampler is compared with.</summary>
    public double[] Conditional(string query, IReadOnlyDictionary<string, int> evidence)
    {
        var q = IndexOf(query);
        var fixedValues = evidence.Select(e => (Position: IndexOf(e.Key), e.Value)).ToArray();
        var result = new double[Cardinalities[q]];
        var assignment = new int[Names.Count];
        for (var index = 0; index < AssignmentCount; index++)
        {
            Decode(index, Cardinalities, assignment);
            var consistent = true;
            foreach (var (position, value) in fixedValues) if (assignment[position] != value) { consistent = false; break; }
            if (consistent) result[assignment[q]] += Probabilities[index];
        }
        var evidenceProbability = result.Sum();
        if (!(evidenceProbability > 0)) throw new InvalidOperationException("The evidence has probability 0: nothing to condition on.");
        for (var i = 0; i < result.Length; i++) result[i] /= evidenceProbability;
        return result;
    }

    /// <summary>
    /// max over a, b, c with p(c) &gt; 0 of |p(a, b | c) − p(a | c) p(b | c)|: zero (to rounding) exactly when
    /// A ⫫ B | C holds in this table. With no <paramref name="given"/> it tests marginal independence.
    /// </summary>
    public double ConditionalIndependenceGap(string a, string b, params string[] given)
    {
        var joint = Marginal([a, b, .. given]);
        var ca = Cardinalities[IndexOf(a)];
        var cb = Cardinalities[IndexOf(b)];
        var cc = joint.AssignmentCount / (ca * cb);
        var gap = 0.0;
        for (var c = 0; c < cc; c++)
        {
            var pc = 0.0;
            var pac = new double[ca];
            var pbc = new double[cb];
            for (var i = 0; i < ca; i++)
            for (var j = 0; j < cb; j++)
            {
                var p = joint.Probabilities[(i * cb + j) * cc + c];
                pc += p; pac[i] += p; pbc[j] += p;
            }
            if (pc <= 1e-300) continue;
            for (var i = 0; i < ca; i++)
            for (var j = 0; j < cb; j++)
                gap = Math.Max(gap, Math.Abs(joint.Probabilities[(i * cb + j) * cc + c] / pc - pac[i] / pc * (pbc[j] / pc)));
        }
        return gap;
    }

    private static double[] Renormalise(double[] values)
    {
        var total = values.Sum();
        for (var i = 0; i < values.Length; i++) values[i] /= total; // removes rounding drift from summation
        return values;
    }
}
