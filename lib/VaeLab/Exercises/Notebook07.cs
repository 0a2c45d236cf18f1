using VaeLab.Evaluation;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 07's exercises (vector quantisation, FSQ, straight-through gradients).</summary>
public static class Notebook07
{
    /// <summary>The code counts of exercise 1: four codes chosen 2, 1, 1 and 0 times.</summary>
    public static IReadOnlyList<long> ExerciseCounts { get; } = [2, 1, 1, 0];

    /// <summary>Exercise 1: the perplexity exp(H) of the code frequencies of <see cref="ExerciseCounts"/>.</summary>
    public static ExerciseCheck Perplexity(double answer)
    {
        var expected = CodeUsage.FromCounts(ExerciseCounts).Perplexity;
        if (double.IsNaN(answer)) return ExerciseCheck.NotYet("write the perplexity of the counts [2, 1, 1, 0] in place of double.NaN.");
        if (Math.Abs(answer - expected) < 0.01)
            return ExerciseCheck.Pass($"perplexity {expected:F3} = 2^1.5: the frequencies ½, ¼, ¼ have entropy 1.5 bits, worth 2.83 equally used codes out of 4.");
        if (Math.Abs(answer - 3) < 0.01)
            return ExerciseCheck.NotYet("3 counts the used codes; perplexity weights them by frequency: exp(−Σ p log p).");
        return ExerciseCheck.NotYet($"{answer:G4} is not exp(−Σ p log p) for p = ½, ¼, ¼ (ignore the unused code: 0 log 0 = 0).");
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

    /// <summary>The numbers of exercise 3: the decoder's gradient g at one position and z_e − e there.</summary>
    public static IReadOnlyList<double> DecoderGradient { get; } = [0.5, -1.0, 2.0];

    public static IReadOnlyList<double> QuantisationResidual { get; } = [0.2, 0.0, -0.4];

    /// <summary>
    /// Exercise 3: the encoder output's gradient from g through straight-through plus β‖z_e − sg[e]‖² (β = 0.25); the
    /// codebook loss adds nothing to it.
    /// </summary>
    public static ExerciseCheck EncoderGradient(IReadOnlyList<double> answer)
    {
        const double beta = 0.25;
        var expected = DecoderGradient.Zip(QuantisationResidual, (g, r) => g + 2 * beta * r).ToArray();
        if (answer.Count == 0) return ExerciseCheck.NotYet("fill in the three numbers of ∂L/∂z_e.");
        if (answer.Count != 3) return ExerciseCheck.NotYet($"∂L/∂z_e has three components here; you gave {answer.Count}.");
        if (answer.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-6))
            return ExerciseCheck.Pass($"[{string.Join(", ", expected)}]: g passes straight through, the commitment term adds 2β(z_e − e), the codebook loss adds nothing.");
        if (answer.Zip(DecoderGradient).All(p => Math.Abs(p.First - p.Second) < 1e-6))
            return ExerciseCheck.NotYet("that is the straight-through part alone; add the commitment term's gradient 2β(z_e − e).");
        var withCodebook = DecoderGradient.Zip(QuantisationResidual, (g, r) => g + 2 * beta * r + 2 * r).ToArray();
        if (answer.Zip(withCodebook).All(p => Math.Abs(p.First - p.Second) < 1e-6))
            return ExerciseCheck.NotYet("the codebook loss ‖sg[z_e] − e‖² stops the gradient at z_e: it moves only the code.");
        return ExerciseCheck.NotYet($"[{string.Join(", ", answer)}] is not g + 2β(z_e − e).");
    }
}
