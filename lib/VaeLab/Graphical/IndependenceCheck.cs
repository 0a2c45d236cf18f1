namespace VaeLab.Graphical;

/// <summary>
/// One conditional-independence statement read off a graph ("A ⫫ B | C"), checked against the joint distribution by
/// exact enumeration: the largest violation max |p(a, b | c) − p(a | c) p(b | c)| is zero up to rounding exactly when the
/// independence holds.
/// </summary>
public sealed class IndependenceCheck
{
    /// <summary>Violations below this are rounding: the statement holds.</summary>
    public const double Tolerance = 1e-12;

    public IndependenceCheck(string graph, JointTable joint, string a, string b, bool graphSaysIndependent, params string[] given)
    {
        ArgumentNullException.ThrowIfNull(joint);
        Graph = graph;
        A = a;
        B = b;
        Given = given;
        GraphSaysIndependent = graphSaysIndependent;
        Gap = joint.ConditionalIndependenceGap(a, b, given);
    }

    public string Graph { get; }
    public string A { get; }
    public string B { get; }
    public IReadOnlyList<string> Given { get; }

    /// <summary>What d-separation (or graph separation, for an undirected graph) says.</summary>
    public bool GraphSaysIndependent { get; }

    /// <summary>The largest violation, measured on the joint table.</summary>
    public double Gap { get; }

    public bool Holds => Gap < Tolerance;

    public string Statement => Given.Count == 0 ? $"{A} ⫫ {B}" : $"{A} ⫫ {B} | {string.Join(", ", Given)}";

    public override string ToString() =>
        $"{Graph,-18} {Statement,-10} graph says independent: {(GraphSaysIndependent ? "yes" : "no"),-3}  max violation = {Gap:E2}  → {(Holds ? "holds" : "fails")}";

    /// <summary>
    /// One line reading a list of checks: how many outcomes the graphs predicted, the largest violation where they said
    /// independent and the smallest where they did not. Throws if any graph statement disagreed with the numbers.
    /// </summary>
    public static string Verdict(IReadOnlyList<IndependenceCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var wrong = checks.Where(c => c.GraphSaysIndependent != c.Holds).ToList();
        if (wrong.Count > 0)
            throw new InvalidOperationException($"A graph statement disagreed with the numbers: {wrong[0]}");
        var holding = checks.Where(c => c.GraphSaysIndependent).Select(c => c.Gap).DefaultIfEmpty(0).Max();
        var failing = checks.Where(c => !c.GraphSaysIndependent).Select(c => c.Gap).DefaultIfEmpty(double.NaN).Min();
        return $"The graphs predicted all {checks.Count} outcomes: where they say independent the largest violation is {holding:E1} " +
               $"(rounding), where they do not the smallest is {failing:E1}.";
    }
}
