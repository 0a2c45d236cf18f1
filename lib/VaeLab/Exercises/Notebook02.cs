using VaeLab.Inference.Classic;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 02 (variational inference and the ELBO); reference solutions: solutions/02-variational-inference-and-elbo.md.</summary>
public static class Notebook02
{
    /// <summary>The conjugate models exercise 1 is checked on (data, prior mean, prior variance, noise variance): none of them is §1's.</summary>
    public static IReadOnlyList<(double[] Data, double PriorMean, double PriorVariance, double NoiseVariance)> PosteriorCases { get; } =
    [
        ([0.3], 0, 4, 1),
        ([2.1, -0.4, 1.7], 1, 0.5, 2),
        ([5.2, 4.8, 6.1, 5.5, 4.9, 5.7, 6.3, 5.0, 5.4, 4.6, 5.9, 5.1], -2, 9, 0.25),
    ];

    /// <summary>
    /// Exercise 1: the exact posterior of the conjugate Gaussian model (prior N(μ₀, s₀²), noise variance σ², data xᵢ), written
    /// as a function from the conjugate formulas (precision 1/s₀² + N/σ²; mean the precision-weighted average of μ₀ and the
    /// data). The check calls it on models the notebook never showed and compares it with <see cref="ConjugateGaussianModel.Posterior"/>:
    /// it passes when KL(q ‖ p(z|x)) is below 10⁻⁶ nats on every one, i.e. the ELBO equals log p(x).
    /// </summary>
    public static ExerciseCheck PosteriorByHand(Func<double[], double, double, double, GaussianQ> posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        bool meanRight = true, varianceRight = true;
        var worstKl = 0.0;
        foreach (var (data, priorMean, priorVariance, noiseVariance) in PosteriorCases)
        {
            var model = new ConjugateGaussianModel(priorMean, priorVariance, noiseVariance, data);
            GaussianQ q;
            try { q = posterior((double[])data.Clone(), priorMean, priorVariance, noiseVariance); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]})."); }
            if (!(q.Variance > 0) || !double.IsFinite(q.Mean) || !double.IsFinite(q.Variance))
                return ExerciseCheck.NotYet("your q needs a finite mean and a positive, finite variance on every data set.");
            var exact = model.Posterior();
            meanRight &= Math.Abs(q.Mean - exact.Mean) <= 1e-6 * Math.Max(1, Math.Abs(exact.Mean));
            varianceRight &= Math.Abs(q.Variance - exact.Variance) <= 1e-6 * exact.Variance;
            worstKl = Math.Max(worstKl, model.KlToPosterior(q));
        }
        if (worstKl < 1e-6 && meanRight && varianceRight)
            return ExerciseCheck.Pass($"on {PosteriorCases.Count} models the notebook never showed (1 to 12 data points, other priors and noise), " +
                                      $"your q is the posterior: the largest KL(q ‖ p(z|x)) is {worstKl:E1} nats, so the ELBO equals log p(x). The ELBO + KL " +
                                      "identity holds for every q; only the posterior makes the bound tight.");
        return ExerciseCheck.NotYet((meanRight, varianceRight) switch
        {
            (true, false) => "your means are right, your variances not: the posterior precision is 1/s₀² + N/σ² (one term per data point), and the variance is its inverse.",
            (false, true) => "your variances are right, your means not: the mean is (μ₀/s₀² + Σᵢ xᵢ/σ²) divided by the posterior precision, a precision-weighted average.",
            _ => "neither the mean nor the variance matches the posterior on these models (the check does not use §1's data). Start from the precision, " +
                 "1/s₀² + N/σ², then weight the prior mean and the data by their precisions.",
        });
    }

    /// <summary>Exercise 2's explanations.</summary>
    public enum CaviReason
    {
        /// <summary>CAVI always reaches the global optimum of the ELBO.</summary>
        CaviFindsTheGlobalOptimum,

        /// <summary>The first q(μ) update sets E[μ] to the exact posterior mean whatever the start, and what remains has a single fixed point.</summary>
        MeanUpdateForgetsTheStart,

        /// <summary>Coordinate ascent stops at a fixed point near where it starts, so a far start ends elsewhere.</summary>
        TheStartDecides,
    }

    /// <summary>
    /// Exercise 2: restart CAVI from a start with E[τ] ≥ 20 (the notebook's start has E[τ] = 2), predict whether it
    /// reaches the same fixed point (the same final ELBO to 10⁻⁶ after 30 sweeps), and say why.
    /// </summary>
    public static ExerciseCheck CaviRestart(NormalGammaCavi cavi, MeanFieldNormalGamma myStart, double referenceElbo, bool? predictedSame, CaviReason? reason)
    {
        ArgumentNullException.ThrowIfNull(cavi);
        ArgumentNullException.ThrowIfNull(myStart);
        if (myStart.MeanOfTau < 20)
            return ExerciseCheck.NotYet($"your start has E[τ] = {myStart.MeanOfTau:F1}; pick one far from the notebook's, with E[τ] ≥ 20 (say TauShape 50, TauRate 1).");
        if (predictedSame is null || reason is null)
            return ReasonedPrediction.Unanswered<CaviReason>("write your prediction (true = the same fixed point as §2)");
        var final = cavi.Run(myStart, 30)[^1].Elbo;
        var same = Math.Abs(final - referenceElbo) < 1e-6;
        return ReasonedPrediction.Judge(predictedSame == same, reason.Value, same ? CaviReason.MeanUpdateForgetsTheStart : CaviReason.TheStartDecides,
            $"from E[τ] = {myStart.MeanOfTau:F0} CAVI ends at ELBO {final:F6}, from §2's start at {referenceElbo:F6}: " +
            (same ? "the same fixed point. The first q(μ) update puts E[μ] at (λ₀μ₀ + N x̄)/(λ₀ + N), the exact posterior mean, whatever q(τ) is; what " +
                    "is left (q(μ)'s variance through E[τ], q(τ)'s rate through Var[μ]) has one fixed point. CAVI in general finds only a local optimum " +
                    "(Blei et al. 2017, §2.4): this is a property of this model."
                  : "a different fixed point: this mean-field ELBO has more than one."),
            "Look at §2's q(μ) update: which of its inputs depend on where q(τ) started? Then ask how many fixed points the remaining two-number recursion (Var[μ] ↔ E[τ]) can have.",
            r => r == CaviReason.CaviFindsTheGlobalOptimum
                ? "CAVI is coordinate ascent: each step is an exact maximisation in one factor, but on a non-concave ELBO that only leads to a local " +
                  "optimum (Blei et al. 2017, §2.4; LDA in §5 has many). Look instead at §2's q(μ) update: which of its inputs depend on where q(τ) started?"
                : "look at §2's q(μ) update: which of its inputs depend on where q(τ) started? Then ask how many fixed points the remaining two-number " +
                  "recursion (Var[μ] ↔ E[τ]) can have.");
    }

    /// <summary>The correlation of exercise 3.</summary>
    public const double Rho = 0.99;

    /// <summary>Exercise 3: the variance mean-field VI gives each coordinate of a unit-variance 2-D Gaussian with ρ = 0.99.</summary>
    public static ExerciseCheck MeanFieldVariance(double predictedVariance)
    {
        var target = new GaussianMeanField([0, 0], new double[,] { { 1, Rho }, { Rho, 1 } });
        var q = target.ReverseKlCavi([0, 0], 1)[^1];
        if (double.IsNaN(predictedVariance)) return ExerciseCheck.NotYet("write your predicted variance.");
        if (Math.Abs(q.Variance[0] - predictedVariance) < 1e-3)
            return ExerciseCheck.Pass($"mean-field VI gives variance {q.Variance[0]:F4} = 1 − ρ², a {1 / q.Variance[0]:F0}× under-estimate of the true marginal variance 1.");
        var hint = Math.Abs(predictedVariance - 1) < 1e-3 ? "1 is the true marginal variance, which KL(p‖q) (moment matching) would give, not VI's KL(q‖p)."
            : Math.Abs(predictedVariance - Math.Sqrt(1 - Rho * Rho)) < 1e-3 ? "that is a standard deviation; the exercise asks for a variance."
            : "your number is not what CAVI converges to.";
        return ExerciseCheck.NotYet($"{hint} Recall §4: VI's factor has variance 1/Λᵢᵢ, with Λ = Σ⁻¹.");
    }

    /// <summary>Exercise 4 counts the true topics as found when every fit matches them at a mean Hellinger distance below this.</summary>
    public const double FoundBelow = 0.2;

    /// <summary>…and as lost when every fit's mean Hellinger distance lies above this; in between the K is not graded.</summary>
    public const double LostAbove = 0.3;

    /// <summary>The LDA starting seeds of exercise 4's fits: the verdict rests on three fits, not on one start.</summary>
    public static IReadOnlyList<int> TopicFitSeeds { get; } = [16, 17, 18];

    /// <summary>Exercise 4's explanations.</summary>
    public enum TopicsReason
    {
        /// <summary>The sparse priors (α &lt; 1, η = 0.1) let the extra topics stay nearly empty or take part of one bar, so every true bar keeps a close match.</summary>
        ExtraTopicsStayWeakOrSplitABar,

        /// <summary>With more topics than bars, the bars are shared out among all the topics, so the matched topics are blends.</summary>
        BarsAreSharedOut,

        /// <summary>Variational Bayes recovers the generating topics for any number of topics.</summary>
        VbRecoversAnyK,
    }

    /// <summary>
    /// Exercise 4: fit LDA with more topics than generated the corpus (<paramref name="topics"/> &gt; the true count), once
    /// from each of <see cref="TopicFitSeeds"/>; predict whether the true topics are still found and say why.
    /// <paramref name="fits"/> holds the matching of each fit (null when the cell did not fit). Found: every fit's mean
    /// Hellinger distance below <see cref="FoundBelow"/>; lost: every one above <see cref="LostAbove"/>; a K whose fits
    /// fall elsewhere is on the border, and no prediction is graded on it (so the verdict never hangs on one start or
    /// on a small margin).
    /// </summary>
    public static ExerciseCheck TooManyTopics(int trueTopics, int topics, IReadOnlyList<IReadOnlyList<TopicMatch>>? fits, bool? predictedFound, TopicsReason? reason)
    {
        if (topics <= trueTopics || fits is null)
            return ExerciseCheck.NotYet($"set myTopics above the corpus's {trueTopics} true topics (say 12) and run the cell.");
        if (fits.Count < TopicFitSeeds.Count)
            return ExerciseCheck.NotYet($"fit once from each of the {TopicFitSeeds.Count} seeds in TopicFitSeeds (the cell does), so that one start does not decide.");
        if (predictedFound is null || reason is null)
            return ReasonedPrediction.Unanswered<TopicsReason>("write your prediction (true = the true topics are still found)");
        var means = fits.Select(f => f.Average(m => m.HellingerDistance)).ToList();
        var (found, lost) = (means.All(m => m < FoundBelow), means.All(m => m > LostAbove));
        if (!found && !lost)
            return ExerciseCheck.NotYet($"K = {topics} is on the border: its {fits.Count} fits are neither all below {FoundBelow} nor all above {LostAbove}, " +
                                        "so no prediction can be graded on it. Pick another K (say 12) and predict again.");
        var listed = string.Join(", ", means.Select(m => m.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
        return ReasonedPrediction.Judge(predictedFound == found, reason.Value, found ? TopicsReason.ExtraTopicsStayWeakOrSplitABar : TopicsReason.BarsAreSharedOut,
            $"with K = {topics} the {trueTopics} true topics are matched at mean Hellinger distances {listed} in the {fits.Count} fits " +
            $"(found means every fit below {FoundBelow}, lost every fit above {LostAbove}): " +
            (found ? "still found. The extra topics stay weak or split one bar with its matched topic (the strip of unmatched topics shows which); " +
                     "sparse priors, α < 1 and η = 0.1, keep them from smearing the true ones."
                   : "lost: the extra topics took over parts of the bars, and the matched topics are blends."),
            "Ask what the priors of §5 (α = 0.5 < 1, η = 0.1: sparse mixtures, sparse topics) make the extra topics do, then look at the strip of unmatched topics the cell drew.",
            r => r == TopicsReason.VbRecoversAnyK
                ? "mean-field VB finds a local optimum of the ELBO for the K it is given; nothing guarantees that optimum contains the true topics. " +
                  "Ask instead what the priors (§5: α = 0.5, η = 0.1) make the extra topics do, and then look at the strip of unmatched topics."
                : "compare the two explanations through the priors of §5 (α = 0.5 < 1 and η = 0.1 favour sparse mixtures and sparse topics), " +
                  "then look at the strip of unmatched topics the cell drew: what do the extra topics look like?");
    }
}
