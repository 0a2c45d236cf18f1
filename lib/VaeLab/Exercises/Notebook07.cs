using VaeLab.Evaluation;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 07's exercises (vector quantisation, FSQ, straight-through gradients).</summary>
public static class Notebook07
{
    /// <summary>The counts exercise 1's text works through: four codes chosen 2, 1, 1 and 0 times.</summary>
    public static IReadOnlyList<long> ExerciseCounts { get; } = [2, 1, 1, 0];

    // Counts the check calls the student's function on (the notebook never shows them): one code only, uniform use,
    // a skewed use with dead codes, many codes.
    private static readonly long[][] HiddenCounts =
    [
        [0, 7, 0],
        [3, 3, 3, 3, 3],
        [10, 1, 0, 5, 0, 0, 2],
        [.. Enumerable.Range(1, 64).Select(i => (long)(i % 5 == 0 ? 0 : i))],
    ];

    /// <summary>
    /// Exercise 1: <paramref name="perplexity"/> maps code counts to the perplexity exp(−Σ_k p̄_k log p̄_k) of their
    /// frequencies. Called on counts the notebook never showed and compared with <see cref="CodeUsage.FromCounts"/>.
    /// </summary>
    public static ExerciseCheck Perplexity(Func<IReadOnlyList<long>, double> perplexity)
    {
        ArgumentNullException.ThrowIfNull(perplexity);
        var answers = new List<double>();
        foreach (var counts in HiddenCounts)
        {
            double answer;
            try { answer = perplexity(counts); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name} on counts with zeros in them; an unused code adds 0 · log 0 = 0.");
            }
            if (double.IsNaN(answer)) return ExerciseCheck.NotYet("your function returns NaN: write exp(−Σ p log p) over the codes that were used (0 · log 0 = 0).");
            answers.Add(answer);
        }
        var expected = HiddenCounts.Select(c => CodeUsage.FromCounts(c).Perplexity).ToArray();
        bool All(Func<long[], double> reference) => HiddenCounts.Select((c, i) => Math.Abs(answers[i] - reference(c)) < 1e-6 * Math.Max(1, reference(c))).All(ok => ok);
        if (answers.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-6 * p.Second))
            return ExerciseCheck.Pass("your perplexity matches CodeUsage on every count vector tried: exp of the frequencies' entropy, " +
                "K when all codes are used equally, 1 when one code takes everything.");
        double Entropy(long[] c) => Math.Log(CodeUsage.FromCounts(c).Perplexity);
        if (All(c => c.Count(x => x > 0)))
            return ExerciseCheck.NotYet("that counts the codes used at least once; perplexity weights them by how often they are used.");
        if (All(Entropy))
            return ExerciseCheck.NotYet("that is the entropy H; the perplexity is exp(H), the number of equally used codes with the same entropy.");
        if (All(c => Math.Exp(Entropy(c) / Math.Log(2))))
            return ExerciseCheck.NotYet("the entropy was in bits but exponentiated with e: use the same base for the log and the power (exp with ln, or 2^H with log₂).");
        if (All(c => c.Length))
            return ExerciseCheck.NotYet("that is K, the size of the codebook; the perplexity depends on how the counts are spread.");
        return ExerciseCheck.NotYet("some answers differ from exp(−Σ p̄ log p̄), p̄ = counts / total: check the normalisation and that unused codes add nothing.");
    }

    /// <summary>Exercise 2: the largest level may be at most this many times the smallest ("levels of similar size").</summary>
    public const int MaximumLevelRatio = 2;

    /// <summary>
    /// Exercise 2: FSQ levels for about 2^10 codes with four channels: each level ≥ 2, product 900 … 1,100, and levels of
    /// similar size (the largest at most <see cref="MaximumLevelRatio"/> times the smallest), so [2, 2, 2, 128] does not pass.
    /// </summary>
    public static ExerciseCheck FsqLevels(IReadOnlyList<int> levels)
    {
        if (levels.Count == 0) return ExerciseCheck.NotYet("fill in four levels, e.g. [a, b, c, d].");
        if (levels.Count != 4) return ExerciseCheck.NotYet($"the exercise asks for four channels; you gave {levels.Count} levels.");
        if (levels.Any(l => l < 2)) return ExerciseCheck.NotYet("every level must be at least 2 (a level of 1 is a channel that can say nothing).");
        var size = levels.Aggregate(1L, (p, l) => p * l);
        if (size is < 900 or > 1100)
            return ExerciseCheck.NotYet($"[{string.Join(", ", levels)}] gives {size} codes; aim for about 1,024 (900 … 1,100).");
        var (smallest, largest) = (levels.Min(), levels.Max());
        if (largest > MaximumLevelRatio * smallest)
            return ExerciseCheck.NotYet($"[{string.Join(", ", levels)}] has the right size, but its channels are unbalanced: one carries " +
                $"log₂ {largest} = {Math.Log2(largest):F1} bits, another only {Math.Log2(smallest):F1}. Each channel is one bounded number " +
                "the encoder must place on its grid, so a channel with many levels needs a precision the others do not. Spread the " +
                $"bits evenly (largest level at most {MaximumLevelRatio}× the smallest).");
        return ExerciseCheck.Pass($"[{string.Join(", ", levels)}] gives {size} codes ({Math.Log2(size):F2} bits per position), spread evenly " +
            "over the four channels; Mentzer et al. 2023 recommend [8, 5, 5, 5] = 1,000.");
    }

    /// <summary>The numbers exercise 3's text works through: the decoder's gradient g at one position and z_e − e there.</summary>
    public static IReadOnlyList<double> DecoderGradient { get; } = [0.5, -1.0, 2.0];

    public static IReadOnlyList<double> QuantisationResidual { get; } = [0.2, 0.0, -0.4];

    // Inputs the check calls the student's function on: (g, z_e − e, β), none shown in the notebook.
    private static readonly (double[] G, double[] Residual, double Beta)[] HiddenGradients =
    [
        (new double[] { 1.0, -2.0 }, new double[] { 0.5, 0.5 }, 0.25),
        (new double[] { 0.0, 0.3, -0.7, 1.1 }, new double[] { -1.0, 0.2, 0.0, 0.4 }, 0.1),
        (new double[] { -0.4, 2.5, 0.9 }, new double[] { 0.3, -0.6, 1.5 }, 1.0),
    ];

    /// <summary>
    /// Exercise 3: <paramref name="encoderGradient"/>(g, z_e − e, β) is the student's ∂L/∂z_e at one grid position for the
    /// loss of section 1 (straight-through, codebook loss, β × commitment loss; squared norms not averaged). Called on
    /// inputs the notebook never showed; the answer is g + 2β(z_e − e).
    /// </summary>
    public static ExerciseCheck EncoderGradient(Func<double[], double[], double, double[]> encoderGradient)
    {
        ArgumentNullException.ThrowIfNull(encoderGradient);
        var answers = new List<double[]>();
        foreach (var (g, residual, beta) in HiddenGradients)
        {
            double[] answer;
            try { answer = encoderGradient(g, residual, beta); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}; it gets g, z_e − e and β and returns one number per component of z_e.");
            }
            if (answer is null || answer.Length == 0) return ExerciseCheck.NotYet("fill in the function: return ∂L/∂z_e, one number per component.");
            if (answer.Length != g.Length) return ExerciseCheck.NotYet($"∂L/∂z_e has one component per component of z_e ({g.Length} here); you returned {answer.Length}.");
            answers.Add(answer);
        }
        bool Matches(Func<double, double, double, double> formula) => HiddenGradients.Select((h, i) =>
            h.G.Select((g, d) => formula(g, h.Residual[d], h.Beta)).Zip(answers[i]).All(p => Math.Abs(p.First - p.Second) < 1e-9)).All(ok => ok);
        if (Matches((g, r, beta) => g + 2 * beta * r))
            return ExerciseCheck.Pass("g + 2β(z_e − e) on every input tried: the decoder's gradient passes straight through, the commitment term " +
                "adds 2β(z_e − e), and the codebook loss adds nothing (its z_e is behind a stop-gradient).");
        if (Matches((g, r, beta) => g))
            return ExerciseCheck.NotYet("that is the straight-through part alone; the commitment term β‖z_e − sg[e]‖² also has a gradient with respect to z_e.");
        if (Matches((g, r, beta) => g + 2 * beta * r + 2 * r))
            return ExerciseCheck.NotYet("the codebook loss ‖sg[z_e] − e‖² stops the gradient at z_e: it moves only the code.");
        if (Matches((g, r, beta) => g + beta * r))
            return ExerciseCheck.NotYet("the derivative of β‖z_e − e‖² with respect to z_e carries a factor 2.");
        if (Matches((g, r, beta) => g - 2 * beta * r))
            return ExerciseCheck.NotYet("check the sign: the commitment term grows as z_e moves away from e, so its gradient points away from e.");
        return ExerciseCheck.NotYet("some answers differ from what autograd gives for the loss of section 1: which of its three terms reach z_e, and how?");
    }
}
