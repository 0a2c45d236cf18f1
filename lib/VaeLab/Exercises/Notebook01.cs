using VaeLab.Graphical;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 01 (graphical models).</summary>
public static class Notebook01
{
    /// <summary>
    /// Exercise 1: edit the wet-grass tables so that learning it rained makes the sprinkler <em>more</em> likely,
    /// p(S=1 | W=1, R=1) &gt; p(S=1 | W=1). The graph must stay C → S, C → R, (S, R) → W.
    /// </summary>
    public static ExerciseCheck ExplainingAway(BayesianNetwork network)
    {
        string[] names = ["Cloudy", "Sprinkler", "Rain", "Wet"];
        if (names.Any(n => network.Nodes.All(node => node.Name != n)))
            return ExerciseCheck.NotYet($"keep the four nodes {string.Join(", ", names)}; change only their tables.");
        var wet = network.Nodes[network.IndexOf("Wet")];
        var wetParents = wet.Parents.Select(i => network.Nodes[i].Name).ToHashSet();
        if (!wetParents.SetEquals(["Sprinkler", "Rain"]))
            return ExerciseCheck.NotYet("keep Wet's parents Sprinkler and Rain; the exercise changes tables, not the graph.");
        var joint = network.Enumerate();
        var givenWet = joint.Conditional("Sprinkler", new Dictionary<string, int> { ["Wet"] = 1 })[1];
        var givenWetAndRain = joint.Conditional("Sprinkler", new Dictionary<string, int> { ["Wet"] = 1, ["Rain"] = 1 })[1];
        var numbers = $"p(S=1 | W=1) = {givenWet:F4}, p(S=1 | W=1, R=1) = {givenWetAndRain:F4}";
        return givenWetAndRain > givenWet
            ? ExerciseCheck.Pass($"{numbers}: rain now makes the sprinkler more likely. When the grass gets wet mostly if both " +
                                 "run, one cause no longer explains the evidence away; it makes the other one needed.")
            : ExerciseCheck.NotYet($"{numbers}: learning it rained still lowers the sprinkler's probability.");
    }

    /// <summary>
    /// Exercise 2: in A → B → C with the extra edge A → C, does A ⫫ C | B hold? <paramref name="predictedIndependent"/>
    /// is the student's answer; the check builds the network and measures the conditional-independence gap.
    /// </summary>
    public static ExerciseCheck ChainWithShortcut(bool? predictedIndependent)
    {
        var joint = new BayesianNetwork()
            .AddNode("A", 2, [], [0.3, 0.7])
            .AddNode("B", 2, ["A"], [0.9, 0.1, 0.2, 0.8])
            .AddNode("C", 2, ["A", "B"], [0.6, 0.4, 0.1, 0.9, 0.3, 0.7, 0.8, 0.2]).Enumerate();
        var gap = joint.ConditionalIndependenceGap("A", "C", "B");
        var independent = gap < 1e-12;
        if (predictedIndependent is null) return ExerciseCheck.NotYet("write your prediction (true = A ⫫ C | B holds).");
        return predictedIndependent == independent
            ? ExerciseCheck.Pass($"the gap is {gap:E2}: A and C stay dependent given B. Conditioning on B blocks the path A → B → C, " +
                                 "but the direct edge A → C is a second path that no conditioning set can block.")
            : ExerciseCheck.NotYet($"the measured gap max |p(a,c|b) − p(a|b)p(c|b)| is {gap:E2}; look for every path from A to C.");
    }

    /// <summary>The observation sequence of exercise 3: x₁ = 0, x₂ = 3.</summary>
    public static readonly int[] HandSequence = [0, 3];

    /// <summary>Exercise 3: p(x₁ = 0, x₂ = 3) computed by hand with α₁, α₂, against the forward algorithm.</summary>
    public static ExerciseCheck ForwardByHand(HiddenMarkovModel hmm, double predictedProbability)
    {
        var exact = Math.Exp(hmm.ForwardLogLikelihood(HandSequence));
        if (predictedProbability <= 0 || double.IsNaN(predictedProbability))
            return ExerciseCheck.NotYet("write your p(x₁=0, x₂=3), a probability in (0, 1].");
        var relative = Math.Abs(predictedProbability - exact) / exact;
        return relative < 1e-3
            ? ExerciseCheck.Pass($"p(x₁=0, x₂=3) = {exact:F5}, and your hand computation agrees to {relative:P2}.")
            : ExerciseCheck.NotYet($"your {predictedProbability:G5} is {relative:P0} away from the forward algorithm's value; " +
                                   "check α₁(j) = p(z₁=j) p(x₁=0 | j) and α₂(j) = p(x₂=3 | j) Σᵢ α₁(i) A_ij.");
    }

    /// <summary>Number of sites exercise 4 asks about.</summary>
    public const int PredictedSites = 30;

    /// <summary>
    /// Exercise 4: from measured brute-force times of Ising grids (sites, milliseconds), predict the time for a
    /// 30-site grid, in seconds. Two readings of the timings are accepted, each within a factor of 3: the exponential
    /// fit log₂ t = a + b·n through all of them, and the doubling rule from the largest grid, t(30) = t(n)·2^(30−n)
    /// (the number of states doubles with every site). On a busy machine the fit can be thrown off by one slow
    /// measurement; the doubling rule is the reasoning the exercise is after.
    /// </summary>
    public static ExerciseCheck GridTiming(IReadOnlyList<(int Sites, double Milliseconds)> measured, double predictedSeconds)
    {
        if (measured.Count < 2 || measured.Select(m => m.Sites).Distinct().Count() < 2)
            return ExerciseCheck.NotYet("time at least two grid sizes first.");
        var fitted = Extrapolate(measured, PredictedSites) / 1000;
        var largest = measured.MaxBy(m => m.Sites);
        var doubling = largest.Milliseconds / 1000 * Math.Pow(2, PredictedSites - largest.Sites);
        if (predictedSeconds <= 0 || double.IsNaN(predictedSeconds))
            return ExerciseCheck.NotYet($"write your predicted time for {PredictedSites} sites, in seconds.");
        static bool Within3(double a, double b) => a / b is > 1.0 / 3 and < 3;
        return Within3(predictedSeconds, fitted) || Within3(predictedSeconds, doubling)
            ? ExerciseCheck.Pass($"you predicted {Describe(predictedSeconds)}; doubling from your {largest.Sites}-site time gives {Describe(doubling)}, " +
                                 $"the fit through all your timings {Describe(fitted)} (×{Math.Pow(2, Slope(measured)):F2} per site). " +
                                 "A 10×10 grid has 2¹⁰⁰ ≈ 1.3·10³⁰ states: no computer finishes it.")
            : ExerciseCheck.NotYet($"your {Describe(predictedSeconds)} is off by a factor {Math.Max(predictedSeconds / doubling, doubling / predictedSeconds):F0} " +
                                   "or more from what your timings extrapolate to; how much longer does each extra site make the sum?");
    }

    /// <summary>Least-squares fit of log₂(milliseconds) against sites, evaluated at <paramref name="sites"/>.</summary>
    public static double Extrapolate(IReadOnlyList<(int Sites, double Milliseconds)> measured, int sites)
    {
        var (meanN, meanL) = (measured.Average(m => (double)m.Sites), measured.Average(m => Math.Log2(m.Milliseconds)));
        return Math.Pow(2, meanL + Slope(measured) * (sites - meanN));
    }

    private static double Slope(IReadOnlyList<(int Sites, double Milliseconds)> measured)
    {
        var (meanN, meanL) = (measured.Average(m => (double)m.Sites), measured.Average(m => Math.Log2(m.Milliseconds)));
        var sxy = measured.Sum(m => (m.Sites - meanN) * (Math.Log2(m.Milliseconds) - meanL));
        var sxx = measured.Sum(m => (m.Sites - meanN) * (m.Sites - meanN));
        return sxy / sxx;
    }

    private static string Describe(double seconds) =>
        seconds < 120 ? $"{seconds:F1} s" : seconds < 7200 ? $"{seconds / 60:F0} min" : $"{seconds / 3600:F1} h";
}
