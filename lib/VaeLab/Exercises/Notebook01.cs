using VaeLab.Graphical;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 01 (graphical models); reference solutions: solutions/01-graphical-models.md.</summary>
public static class Notebook01
{
    /// <summary>The wet-grass network of notebook 01 §3 with another table for Wet (rows (S, R) = 00, 01, 10, 11; each p(W=0), p(W=1)).</summary>
    public static BayesianNetwork WetGrass(double[] wetTable) => new BayesianNetwork()
        .AddNode("Cloudy", 2, [], [0.5, 0.5])
        .AddNode("Sprinkler", 2, ["Cloudy"], [0.5, 0.5, 0.9, 0.1])
        .AddNode("Rain", 2, ["Cloudy"], [0.8, 0.2, 0.2, 0.8])
        .AddNode("Wet", 2, ["Sprinkler", "Rain"], wetTable);

    /// <summary>
    /// Exercise 1: edit the wet-grass tables so that learning it rained makes the sprinkler <em>more</em> likely,
    /// p(S=1 | W=1, R=1) &gt; p(S=1 | W=1). The graph must stay C → S, C → R, (S, R) → W. The numbers printed are those of
    /// the student's own network; the passing message says which mechanism did it (the collider's table or the fork).
    /// </summary>
    public static ExerciseCheck ExplainingAway(BayesianNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        string[] names = ["Cloudy", "Sprinkler", "Rain", "Wet"];
        if (names.Any(n => network.Nodes.All(node => node.Name != n)))
            return ExerciseCheck.NotYet($"keep the four nodes {string.Join(", ", names)}; change only their tables.");
        var wet = network.Nodes[network.IndexOf("Wet")];
        var wetParents = wet.Parents.Select(i => network.Nodes[i].Name).ToList();
        if (!wetParents.SequenceEqual(["Sprinkler", "Rain"]))
            return ExerciseCheck.NotYet("keep Wet's parents Sprinkler and Rain, in that order; the exercise changes tables, not the graph.");
        var joint = network.Enumerate();
        var givenWet = joint.Conditional("Sprinkler", new Dictionary<string, int> { ["Wet"] = 1 })[1];
        var givenWetAndRain = joint.Conditional("Sprinkler", new Dictionary<string, int> { ["Wet"] = 1, ["Rain"] = 1 })[1];
        var numbers = $"in your network p(S=1 | W=1) = {givenWet:F4} and p(S=1 | W=1, R=1) = {givenWetAndRain:F4}";
        if (givenWetAndRain <= givenWet)
            return ExerciseCheck.NotYet($"{numbers}: learning it rained still lowers the sprinkler's probability. Two things push it down: " +
                                        "the collider at W and the fork at C. Which table decides how the two causes combine at W?");
        // Wet's table, rows (S, R) = 00, 01, 10, 11: the sign of log [p(w|1,1) p(w|0,0) / (p(w|1,0) p(w|0,1))] says whether
        // observing W = 1 pulls the two causes together (> 0) or apart (< 0, explaining away).
        var w = wet.Table;
        var interaction = Math.Log(w[7] * w[1] / (w[5] * w[3]));
        return ExerciseCheck.Pass($"{numbers}: rain now makes the sprinkler more likely. " + (interaction > 0
            ? "In your Wet table the causes work together (wet mostly when both run), so observing wet grass no longer sets them against each other: " +
              "one cause makes the other needed instead of explaining it away."
            : interaction < 0
                ? "Your Wet table still sets the causes against each other at the collider, so the positive link through Cloudy in your other tables " +
                  "must now outweigh the explaining away."
                : "With your Wet table the collider neither pulls the causes together nor sets them apart, so the link through Cloudy decides."));
    }

    /// <summary>Exercise 2's explanations.</summary>
    public enum ShortcutReason
    {
        /// <summary>Conditioning on B blocks every path between A and C.</summary>
        BBlocksEveryPath,

        /// <summary>The edge A → C is a path with no node on it, and no conditioning set can block it.</summary>
        DirectEdgeCannotBeBlocked,

        /// <summary>C is a collider of A and B, and conditioning on B opens it.</summary>
        ConditioningOnBOpensTheCollider,
    }

    /// <summary>
    /// Exercise 2: in A → B → C with the extra edge A → C, does A ⫫ C | B hold, and why? The check builds such a network
    /// (tables the notebook never showed) and measures the conditional-independence gap.
    /// </summary>
    public static ExerciseCheck ChainWithShortcut(bool? predictedIndependent, ShortcutReason? reason)
    {
        if (predictedIndependent is null || reason is null)
            return ReasonedPrediction.Unanswered<ShortcutReason>("write your prediction (true = A ⫫ C | B holds)");
        var joint = new BayesianNetwork()
            .AddNode("A", 2, [], [0.3, 0.7])
            .AddNode("B", 2, ["A"], [0.9, 0.1, 0.2, 0.8])
            .AddNode("C", 2, ["A", "B"], [0.6, 0.4, 0.1, 0.9, 0.3, 0.7, 0.8, 0.2]).Enumerate();
        var gap = joint.ConditionalIndependenceGap("A", "C", "B");
        var independent = gap < 1e-12;
        return ReasonedPrediction.Judge(predictedIndependent == independent, reason.Value, ShortcutReason.DirectEdgeCannotBeBlocked,
            $"the measured gap max |p(a,c|b) − p(a|b) p(c|b)| is {gap:E2}: A and C stay dependent given B. Conditioning on B blocks the path " +
            "A → B → C, but the edge A → C is a second path with no node on it to condition on. The graph is a full triangle and implies no " +
            "independence at all.",
            "List every path from A to C in the new graph, not only the one through B, and ask which of them conditioning on B blocks (section 2's d-separation rule).",
            r => r == ShortcutReason.BBlocksEveryPath
                ? "list every path from A to C in the new graph, not only the one through B (section 2's d-separation rule is about all of them)."
                : "a collider matters for a path that passes through it; here C is an end of the paths in question, not a node in their middle. " +
                  "List the paths from A to C and ask which one conditioning on B leaves open.");
    }

    /// <summary>The observation sequence of exercise 3: x₁ = 0, x₂ = 3.</summary>
    public static readonly int[] HandSequence = [0, 3];

    /// <summary>
    /// Exercise 3: α₁ and α₂ of the forward algorithm for x₁ = 0, x₂ = 3, computed by hand (the library does not expose
    /// them). Each entry must match to 0.1 %; a wrong vector gets a hint naming the step that matches the usual slips
    /// (a missing emission, a missing or transposed transition), never the right numbers.
    /// </summary>
    public static ExerciseCheck ForwardByHand(HiddenMarkovModel hmm, double[] alpha1, double[] alpha2)
    {
        ArgumentNullException.ThrowIfNull(hmm);
        var k = hmm.StateCount;
        if (alpha1 is null || alpha2 is null || alpha1.Length != k || alpha2.Length != k)
            return ExerciseCheck.NotYet($"write α₁ and α₂ as {k} numbers each, one per hidden state.");
        if (alpha1.All(a => a == 0) || alpha2.All(a => a == 0))
            return ExerciseCheck.NotYet("write your α₁ and α₂ (each entry a probability, not all zero).");
        double[] Emit(int symbol) => Enumerable.Range(0, k).Select(j => hmm.Emission[j, symbol]).ToArray();
        double[] Times(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).ToArray();
        double[] Propagate(double[] a, bool transposed) => Enumerable.Range(0, k)
            .Select(j => Enumerable.Range(0, k).Sum(i => a[i] * (transposed ? hmm.Transition[j, i] : hmm.Transition[i, j]))).ToArray();
        static bool Same(double[] a, double[] b) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-3 * Math.Max(Math.Abs(p.Second), 1e-12));

        var (x1, x2) = (HandSequence[0], HandSequence[1]);
        var trueAlpha1 = Times(hmm.Initial, Emit(x1));
        if (!Same(alpha1, trueAlpha1))
        {
            var slip = Same(alpha1, hmm.Initial) ? "your α₁ is the initial distribution alone: the first observation has not been accounted for."
                : Same(alpha1, Emit(x1)) ? "your α₁ is the emission probabilities alone: where does p(z₁ = j) enter?"
                : Same(alpha1, Times(hmm.Initial, Emit(x2))) ? "your α₁ uses the emission of the second symbol; α₁ belongs to x₁ = 0."
                : "your α₁ is not right yet.";
            return ExerciseCheck.NotYet($"{slip} α₁(j) = p(z₁ = j) · p(x₁ = 0 | z₁ = j): the initial probability of state j times its emission of symbol 0.");
        }
        var trueAlpha2 = Times(Emit(x2), Propagate(trueAlpha1, transposed: false));
        if (!Same(alpha2, trueAlpha2))
        {
            var slip = Same(alpha2, Times(Emit(x2), trueAlpha1)) ? "your α₂ skips the transition: the state may change between t = 1 and t = 2."
                : Same(alpha2, Times(Emit(x2), Propagate(trueAlpha1, transposed: true))) ? "your α₂ reads the transition matrix the wrong way round: A_ij = p(z₂ = j | z₁ = i), rows are the 'from' state."
                : Same(alpha2, Propagate(trueAlpha1, transposed: false)) ? "your α₂ has no emission for the second observation."
                : Same(alpha2, Times(Emit(x1), Propagate(trueAlpha1, transposed: false))) ? "your α₂ uses the emission of the first symbol; the second observation is x₂ = 3."
                : "your α₁ is right, your α₂ not yet.";
            return ExerciseCheck.NotYet($"{slip} α₂(j) = p(x₂ = 3 | z₂ = j) · Σᵢ α₁(i) A_ij (section 4's recursion).");
        }
        var exact = Math.Exp(hmm.ForwardLogLikelihood(HandSequence));
        return ExerciseCheck.Pass($"α₁ and α₂ are right, so p(x₁=0, x₂=3) = Σⱼ α₂(j) = {alpha2.Sum():F5}; the forward algorithm gives {exact:F5} " +
                                  $"(log {Math.Log(exact):F4}). Two steps cost {2 * k * k} products instead of the {k * k} paths of the brute-force sum; at T steps, T·K² against K^T.");
    }

    /// <summary>Number of sites exercise 4 asks about.</summary>
    public const int PredictedSites = 30;

    /// <summary>
    /// Exercise 4: from measured brute-force times of Ising grids (sites, milliseconds), predict the time for a
    /// 30-site grid, in seconds. Each reading of the timings is accepted within a factor of 3: the exponential fit
    /// log₂ t = a + b·n through all of them, and the doubling rule from any one of the timed grids,
    /// t(30) = t(n)·2^(30−n) (the number of states doubles with every site). On a busy machine one slow measurement can
    /// throw the fit or one grid's doubling off; the doubling rule is the reasoning the exercise is after, so doubling
    /// from whichever grid the student read is accepted. A wrong prediction is told which slip it resembles (linear
    /// growth, no growth, doubling from zero sites), never the extrapolated time.
    /// </summary>
    public static ExerciseCheck GridTiming(IReadOnlyList<(int Sites, double Milliseconds)> measured, double predictedSeconds)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count < 2 || measured.Select(m => m.Sites).Distinct().Count() < 2)
            return ExerciseCheck.NotYet("time at least two grid sizes first.");
        var fitted = Extrapolate(measured, PredictedSites) / 1000;
        var largest = measured.MaxBy(m => m.Sites);
        double Doubling((int Sites, double Milliseconds) grid) => grid.Milliseconds / 1000 * Math.Pow(2, PredictedSites - grid.Sites);
        if (!(predictedSeconds > 0) || double.IsInfinity(predictedSeconds))
            return ExerciseCheck.NotYet($"write your predicted time for {PredictedSites} sites, in seconds (a positive number).");
        static bool Within3(double a, double b) => a / b is > 1.0 / 3 and < 3;
        var doubledFrom = measured.Where(m => Within3(predictedSeconds, Doubling(m))).Select(m => m.Sites).Distinct().Order().ToList();
        if (doubledFrom.Count > 0 || Within3(predictedSeconds, fitted))
            return ExerciseCheck.Pass($"you predicted {Describe(predictedSeconds)}; doubling from your timed grids gives " +
                                      string.Join(", ", measured.OrderBy(m => m.Sites).Select(m => $"{Describe(Doubling(m))} (from {m.Sites} sites)")) +
                                      $", the fit through all your timings {Describe(fitted)} (×{Math.Pow(2, Slope(measured)):F2} per site). " +
                                      "Where these disagree by more than a few times, one timing was disturbed (the machine was busy): the doubling rule itself is exact, " +
                                      "because every extra site doubles the 2ⁿ states the sum visits. A 10×10 grid has 2¹⁰⁰ ≈ 1.3·10³⁰ states: no computer finishes it.");
        var largestSeconds = largest.Milliseconds / 1000;
        var slip = Within3(predictedSeconds, largestSeconds * PredictedSites / largest.Sites)
                ? "your number grows in proportion to the number of sites, as if the cost were linear."
            : Within3(predictedSeconds, largestSeconds)
                ? "your number is about as long as the largest grid you timed, as if an extra site cost nothing."
            : Within3(predictedSeconds, largestSeconds * Math.Pow(2, PredictedSites))
                ? "you doubled once for every one of the 30 sites, starting from a grid that already has some of them."
            : "your prediction is not within a factor of 3 of what your timings imply.";
        return ExerciseCheck.NotYet($"{slip} Read the printed times: by what factor does each extra site multiply the cost (the sum visits every " +
                                    "one of the 2ⁿ states), and how many sites lie between your largest grid and 30?");
    }

    /// <summary>Least-squares fit of log₂(milliseconds) against sites, evaluated at <paramref name="sites"/>.</summary>
    public static double Extrapolate(IReadOnlyList<(int Sites, double Milliseconds)> measured, int sites)
    {
        ArgumentNullException.ThrowIfNull(measured);
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
