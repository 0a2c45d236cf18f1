using TorchSharp;
using VaeLab.Evaluation;
using VaeLab.Models.Diffusion;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>
/// The checks of notebook 09's exercises (the Fréchet distance in one dimension, the DDPM's ᾱ_t, the best single guess
/// under squared error). Each calls the student's code on inputs the notebook never shows, drawn from a fixed generator.
/// </summary>
public static class Notebook09
{
    /// <summary>
    /// Exercise 1: d² between N(m₁, s₁²) and N(m₂, s₂²), as a function (m₁, s₁, m₂, s₂) ↦ d². Checked against
    /// <see cref="FrechetDistance"/> on one-dimensional cases: equal spreads with different means, equal means with
    /// different spreads, and both different.
    /// </summary>
    public static ExerciseCheck FrechetOneDimensional(Func<double, double, double, double, double>? answer)
    {
        if (answer is null) return ExerciseCheck.NotYet("write d²(m1, s1, m2, s2) as a lambda in place of null.");
        var random = new Random(9091);
        var kinds = new[] { "equal spreads", "equal means", "both different" };
        foreach (var kind in kinds)
        {
            for (var i = 0; i < 5; i++)
            {
                var (m1, s1) = (random.NextDouble() * 4 - 2, 0.2 + random.NextDouble() * 2);
                var (m2, s2) = kind switch
                {
                    "equal spreads" => (random.NextDouble() * 4 - 2, s1),
                    "equal means" => (m1, 0.2 + random.NextDouble() * 2),
                    _ => (random.NextDouble() * 4 - 2, 0.2 + random.NextDouble() * 2),
                };
                var expected = Exact(m1, s1, m2, s2);
                double given;
                try { given = answer(m1, s1, m2, s2); }
                catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
                if (!(Math.Abs(given - expected) <= 1e-6 * Math.Max(1, expected)))
                    return ExerciseCheck.NotYet(kind switch
                    {
                        "equal spreads" => "with equal spreads only the means differ: which term of section 2's formula is left, and is it squared?",
                        "equal means" => "with equal means the Gaussians still differ when their spreads differ: in one dimension Σ is s², and " +
                            "(Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2} is a product of square roots — simplify the trace term, and check that it is zero only when s₁ = s₂.",
                        _ => "each part works alone but not together: the two parts add.",
                    });
            }
        }
        return ExerciseCheck.Pass("d² = (m₁ − m₂)² + (s₁ − s₂)², the squared distance between the means plus that between the standard " +
            "deviations: in one dimension the Fréchet distance is a plain Euclidean distance in (mean, spread).");
    }

    /// <summary>
    /// Exercise 2: ᾱ_t for a schedule β_1 … β_T given as a list (β_1 first), t from 0 to T. Checked against
    /// <see cref="NoiseSchedule"/> on schedules the notebook does not use.
    /// </summary>
    public static ExerciseCheck AlphaBar(Func<IReadOnlyList<double>, int, double>? answer)
    {
        if (answer is null) return ExerciseCheck.NotYet("write ᾱ_t(betas, t) as a lambda in place of null.");
        var random = new Random(4242);
        for (var trial = 0; trial < 6; trial++)
        {
            var steps = 3 + random.Next(20);
            var betas = Enumerable.Range(0, steps).Select(_ => 0.01 + 0.3 * random.NextDouble()).ToArray();
            var schedule = new NoiseSchedule(betas);
            foreach (var t in new[] { 0, 1, steps / 2, steps })
            {
                double given;
                try { given = answer(betas, t); }
                catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name} at t = {t}: {e.Message} (t runs from 0 to T; betas[0] is β_1)."); }
                if (!(Math.Abs(given - schedule.AlphaBar(t)) <= 1e-9))
                    return ExerciseCheck.NotYet(t == 0
                        ? "at t = 0 nothing has been noised yet: ᾱ_0 is the empty product."
                        : "ᾱ_t multiplies the share 1 − β_s that each step s = 1 … t keeps of the signal's variance; check the first and last factor (betas[0] is β_1).");
            }
        }
        return ExerciseCheck.Pass("ᾱ_t = ∏_{s ≤ t} (1 − β_s): each step keeps a share 1 − β_s of the signal's variance, so the shares multiply, " +
            "and q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) can be drawn in one step for any t.");
    }

    /// <summary>
    /// Exercise 3: the single image that minimises the expected squared error over equally likely candidates. Checked on
    /// candidates the notebook never shows (a bar at different positions); the check compares the answer's expected
    /// squared error with the best possible.
    /// </summary>
    public static ExerciseCheck BestGuess(Func<Tensor[], Tensor>? answer)
    {
        if (answer is null) return ExerciseCheck.NotYet("write a lambda that takes the candidate images and returns one image, in place of null.");
        using var scope = NewDisposeScope();
        var candidates = Enumerable.Range(0, 4).Select(k =>
        {
            var image = zeros(28, 28);
            image[TensorIndex.Slice(4, 24), TensorIndex.Slice(6 + 4 * k, 9 + 4 * k)] = tensor(1f);
            return image;
        }).ToArray();
        Tensor guess;
        try { guess = answer(candidates.Select(c => c.clone()).ToArray()); }
        catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
        if (guess is null || guess.numel() != 28 * 28) return ExerciseCheck.NotYet("return one image with the candidates' shape (28 × 28).");
        var all = stack(candidates);
        var best = all.mean([0]);
        double Risk(Tensor g) => (all - g.reshape(28, 28).to_type(ScalarType.Float32)).pow(2).sum([1, 2]).mean().item<float>();
        var (risk, bestRisk) = (Risk(guess), Risk(best));
        if (risk > bestRisk + 1e-3)
            return ExerciseCheck.NotYet(candidates.Any(c => Risk(c) == risk)
                ? "one candidate is exactly right when it occurs and far off in the other cases; average the squared error over all candidates and ask which image makes that average smallest (differentiate it pixel by pixel)."
                : "your image's average squared error is above the best possible; the best guess is found pixel by pixel: which number minimises the average of (c − g)² over the candidates' values c?");
        var sharpGuess = Sharpness.Mean(best.unsqueeze(0));
        var sharpCandidate = Sharpness.Mean(candidates[0].unsqueeze(0));
        return ExerciseCheck.Pass($"the pixel-wise mean of the candidates minimises the expected squared error — and it is a blur: its Laplacian " +
            $"variance is {sharpGuess:F3}, against {sharpCandidate:F3} for any one candidate. A decoder trained on a factorised likelihood " +
            "returns this mean when the code leaves several images plausible.");
    }

    private static double Exact(double m1, double s1, double m2, double s2)
    {
        using var scope = NewDisposeScope();
        var a = new FeatureMoments(tensor(new[] { m1 }), tensor(new[] { s1 * s1 }).reshape(1, 1));
        var b = new FeatureMoments(tensor(new[] { m2 }), tensor(new[] { s2 * s2 }).reshape(1, 1));
        return FrechetDistance.Between(a, b);
    }
}
