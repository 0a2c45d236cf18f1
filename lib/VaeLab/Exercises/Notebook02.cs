using VaeLab.Inference.Classic;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 02 (variational inference and the ELBO).</summary>
public static class Notebook02
{
    /// <summary>
    /// Exercise 1: write down the exact posterior of the conjugate model from its formula (precision 1/s₀² + N/σ²),
    /// without calling <c>Posterior()</c>. Passes when KL(q ‖ p(z|x)) is below 10⁻⁶ nats, i.e. the ELBO equals log p(x).
    /// </summary>
    public static ExerciseCheck PosteriorByHand(ConjugateGaussianModel model, GaussianQ q)
    {
        if (!(q.Variance > 0)) return ExerciseCheck.NotYet("a Gaussian q needs a positive variance.");
        var (elbo, kl, logEvidence) = (model.Elbo(q), model.KlToPosterior(q), model.LogEvidence());
        var identity = $"ELBO {elbo:F4} + KL {kl:F4} = {elbo + kl:F4} = log p(x) {logEvidence:F4}";
        return kl < 1e-6
            ? ExerciseCheck.Pass($"{identity}: your q is the posterior N({q.Mean:F4}, {q.Variance:F4}), so the bound is tight.")
            : ExerciseCheck.NotYet($"{identity}: the identity holds for every q, but your q is still {kl:F4} nats from the posterior.");
    }

    /// <summary>
    /// Exercise 2: restart CAVI from a start with E[τ] ≥ 20 (the notebook's start has E[τ] = 2) and predict whether it
    /// reaches the same fixed point (the same final ELBO to 10⁻⁶ after 30 sweeps).
    /// </summary>
    public static ExerciseCheck CaviRestart(NormalGammaCavi cavi, MeanFieldNormalGamma myStart, double referenceElbo, bool? predictedSame)
    {
        if (myStart.MeanOfTau < 20)
            return ExerciseCheck.NotYet($"your start has E[τ] = {myStart.MeanOfTau:F1}; pick one far from the notebook's, with E[τ] ≥ 20 (say TauShape 50, TauRate 1).");
        if (predictedSame is null) return ExerciseCheck.NotYet("write your prediction (true = the same fixed point).");
        var final = cavi.Run(myStart, 30)[^1].Elbo;
        var same = Math.Abs(final - referenceElbo) < 1e-6;
        return predictedSame == same
            ? ExerciseCheck.Pass($"from E[τ] = {myStart.MeanOfTau:F0} CAVI ends at ELBO {final:F6} vs {referenceElbo:F6} from the notebook's start: " +
                                 (same ? "the same fixed point (this model's mean-field ELBO has a single optimum)." : "a different fixed point."))
            : ExerciseCheck.NotYet($"the run from your start ends at ELBO {final:F6}, the notebook's at {referenceElbo:F6}; compare them with your prediction.");
    }

    /// <summary>The correlation of exercise 3.</summary>
    public const double Rho = 0.99;

    /// <summary>Exercise 3: the variance mean-field VI gives each coordinate of a unit-variance 2-D Gaussian with ρ = 0.99.</summary>
    public static ExerciseCheck MeanFieldVariance(double predictedVariance)
    {
        var target = new GaussianMeanField([0, 0], new double[,] { { 1, Rho }, { Rho, 1 } });
        var q = target.ReverseKlCavi([0, 0], 1)[^1];
        if (double.IsNaN(predictedVariance)) return ExerciseCheck.NotYet("write your predicted variance.");
        return Math.Abs(q.Variance[0] - predictedVariance) < 1e-3
            ? ExerciseCheck.Pass($"mean-field VI gives variance {q.Variance[0]:F4} = 1 − ρ², a {1 / q.Variance[0]:F0}× under-estimate of the true marginal variance 1.")
            : ExerciseCheck.NotYet($"CAVI's variance differs from your {predictedVariance:G4} by more than 0.001; recall 1/Λᵢᵢ.");
    }

    /// <summary>Mean Hellinger distance below which exercise 4 counts the true topics as found.</summary>
    public const double FoundThreshold = 0.25;

    /// <summary>
    /// Exercise 4: fit LDA with more topics than generated the corpus (<paramref name="topics"/> &gt; the true count)
    /// and predict whether the true topics are still found (mean Hellinger distance of the matched topics below 0.25).
    /// <paramref name="matches"/> is the matching of the fit (null when the cell did not fit).
    /// </summary>
    public static ExerciseCheck TooManyTopics(int trueTopics, int topics, IReadOnlyList<TopicMatch>? matches, bool? predictedFound)
    {
        if (topics <= trueTopics || matches is null)
            return ExerciseCheck.NotYet($"set myTopics above the corpus's {trueTopics} true topics (say 12) and run the cell.");
        if (predictedFound is null) return ExerciseCheck.NotYet("write your prediction (true = the true topics are still found).");
        var mean = matches.Average(m => m.HellingerDistance);
        var found = mean < FoundThreshold;
        return predictedFound == found
            ? ExerciseCheck.Pass($"with K = {topics} the {matches.Count} true topics are matched at mean Hellinger distance {mean:F3}: " +
                                 (found ? "still found; the extra topics stay weak or split a bar." : "lost."))
            : ExerciseCheck.NotYet($"the mean Hellinger distance of the matched topics is {mean:F3} (found means below {FoundThreshold}); compare with your prediction.");
    }
}
