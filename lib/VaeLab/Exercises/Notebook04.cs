using VaeLab.Distributions;
using static TorchSharp.torch;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 04's exercises (reference solutions: solutions/04-vae.md).</summary>
public static class Notebook04
{
    /// <summary>Exercise 1's explanations.</summary>
    public enum BetaReason
    {
        /// <summary>Each nat of KL now costs β = 4 times as much in the loss, so the encoder keeps fewer nats in z.</summary>
        EachNatCostsMore,

        /// <summary>The KL is a property of the data, not of the weights in the loss.</summary>
        KlBelongsToTheData,

        /// <summary>The reconstruction term is hundreds of nats, so a weight on a twenty-nat term changes nothing.</summary>
        ReconstructionDominates,
    }

    /// <summary>
    /// Exercise 1: did β = 4 lower the test KL, compared with β = 1 after the same number of epochs, and why? The KLs are
    /// those the notebook's run measured.
    /// </summary>
    public static ExerciseCheck BetaLowersKl(bool? predictedLower, BetaReason? reason, double betaKl, double plainKl)
    {
        if (predictedLower is null || reason is null)
            return ReasonedPrediction.Unanswered<BetaReason>("write your prediction (true = the β = 4 model ends with the lower test KL)");
        // Only the outcome the explanation predicts can be graded: had β = 4 not lowered the KL, the one explanation left
        // would be a misconception whose own hint refutes it, so the check refuses to judge rather than confirm it.
        if (!(betaKl < plainKl)) return NotSettled("the β = 4 training of this cell against section 4's β = 1 model");
        return ReasonedPrediction.Judge(predictedLower.Value, reason.Value, BetaReason.EachNatCostsMore,
            $"β = 4 reached a test KL of {F(betaKl, 4)} nats, β = 1 {F(plainKl, 4)} after the same number of epochs. " +
            "With each nat of KL costing four times as much, the encoder keeps only the information that saves more than four nats of " +
            "reconstruction per nat it costs; the ELBO, which weighs KL by 1, usually pays for it (notebook 05 measures the trade).",
            "Compare what one extra nat of KL costs in the loss with what it saves in reconstruction, at β = 1 and at β = 4 (section 4's objective, with the KL term weighted).",
            r => r == BetaReason.KlBelongsToTheData
                ? "the KL term here is KL(q(z|x) ‖ p(z)): it measures the encoder's code, which training shapes to lower the loss. What does the " +
                  "loss pay for one nat of it when β = 4 (section 4's objective, with the KL term weighted)?"
                : "compare what one extra nat of KL costs in the loss with what it saves in reconstruction: the size of each term matters less " +
                  "than the price of one more nat. What does β = 4 do to that price?");
    }

    /// <summary>The pixels (probability p, target t) exercise 2's check evaluates: none is in section 3's table.</summary>
    public static IReadOnlyList<(double P, double Target)> SeedLossCases { get; } =
    [
        (0.3, 1), (0.3, 0), (0.8, 0.25), (0.02, -1), (0.999, -1), (1e-60, -1), (0.0, -1), (1.0, -1), (0.0, 0.5), (1.0, 1), (0.6, 2),
    ];

    /// <summary>
    /// Exercise 2: PyTorch ≤ 2.0's per-pixel <c>binary_cross_entropy(p, t)</c>, written by the student as a function of the
    /// predicted probability p and the target t (no range check on t; each logarithm clamped at −100). The check calls it on
    /// pixels the notebook never showed, among them the seed's black pixels (t = −1) at p = 0, 1 and 10⁻⁶⁰, and compares it
    /// with <see cref="ClampedBinaryCrossEntropy.Loss"/>.
    /// </summary>
    public static ExerciseCheck SeedLoss(Func<double, double, double> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var yours = new List<double>();
        try { yours.AddRange(SeedLossCases.Select(c => loss(c.P, c.Target))); }
        catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]})."); }
        var truth = SeedLossCases.Select(c => PyTorchLoss(c.P, c.Target)).ToList();
        bool Agrees(int i) => Math.Abs(yours[i] - truth[i]) <= 1e-6 * Math.Max(1, Math.Abs(truth[i]));
        var wrong = Enumerable.Range(0, SeedLossCases.Count).Where(i => !Agrees(i)).ToList();
        if (wrong.Count == 0)
            return ExerciseCheck.Pass($"your function agrees with PyTorch ≤ 2.0's kernel on {SeedLossCases.Count} pixels the notebook never showed. For the " +
                                      $"seed's black pixel (t = −1) it returns {F(truth[6], 4)} at p = 0 and {F(truth[7], 4)} at p = 1: finite, and " +
                                      "negative where the model is most sure the pixel is black. −[t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)] " +
                                      "falls without bound as p → 0 for t = −1 until the clamp stops it at −100, so the 'loss' rewards pushing p to 0, whatever the image.");
        var nonFinite = wrong.Where(i => !double.IsFinite(yours[i])).ToList();
        if (nonFinite.Count > 0)
        {
            var (p, _) = SeedLossCases[nonFinite[0]];
            return ExerciseCheck.NotYet($"at p = {F(p)} your function returns {yours[nonFinite[0]]}, where PyTorch ≤ 2.0 returned a finite number: one of the two " +
                                        "logarithms is −∞ there. What does PyTorch's kernel do to each logarithm (section 3)?");
        }
        var negated = Enumerable.Range(0, SeedLossCases.Count).All(i => Math.Abs(yours[i] + truth[i]) <= 1e-6 * Math.Max(1, Math.Abs(truth[i])));
        if (negated) return ExerciseCheck.NotYet("your values have the wrong sign everywhere: binary cross-entropy is the negative log-likelihood, −[t log p + (1 − t) log(1 − p)].");
        var onlyOutsideRange = wrong.All(i => SeedLossCases[i].Target is < 0 or > 1);
        return ExerciseCheck.NotYet(onlyOutsideRange
            ? "your function is right for targets in [0, 1] but not for the seed's targets outside it: PyTorch ≤ 2.0 applies the same formula to any " +
              "target, with no check and no special case."
            : "your function does not match PyTorch ≤ 2.0's kernel on some of the check's pixels. Write −[t·log p + (1 − t)·log(1 − p)] with each " +
              "logarithm clamped from below at −100 (section 3), for any t.");
    }

    /// <summary>PyTorch ≤ 2.0's binary_cross_entropy(p, target) for one pixel (no range check on the target).</summary>
    public static double PyTorchLoss(double p, double target)
    {
        using var scope = NewDisposeScope();
        return ClampedBinaryCrossEntropy.Loss(tensor(new[] { p }), tensor(new[] { target })).item<double>();
    }

    /// <summary>PyTorch ≤ 2.0's binary_cross_entropy(σ(logit), target) for one pixel (no range check on the target).</summary>
    public static double SeedLoss(double logit, double target)
    {
        using var scope = NewDisposeScope();
        var p = tensor(new[] { logit }).sigmoid();
        return ClampedBinaryCrossEntropy.Loss(p, tensor(new[] { target })).item<double>();
    }

    /// <summary>Exercise 3's explanations.</summary>
    public enum IwaeReason
    {
        /// <summary>In 20 dimensions a factorised Gaussian has more room to miss the true posterior's shape, so more of the ELBO's gap is left for the IWAE bound to close.</summary>
        MoreDimensionsMoreToMiss,

        /// <summary>Squeezing ten digit classes into a plane bends and splits the 2-D model's posteriors, which a single Gaussian fits worse.</summary>
        ThePlaneBendsThePosterior,

        /// <summary>The model with the lower ELBO has more room below log p(x), so its bound rises more.</summary>
        LowerElboMoreRoom,
    }

    /// <summary>
    /// Exercise 3: is the IWAE bound's rise from k = 1 to the largest k bigger for the 20-D model than for the 2-D one, and
    /// why? The rises are those the notebook's run measured on the same images.
    /// </summary>
    public static ExerciseCheck IwaeRise(bool? predictedLargerFor20D, IwaeReason? reason, double rise20D, double rise2D)
    {
        if (predictedLargerFor20D is null || reason is null)
            return ReasonedPrediction.Unanswered<IwaeReason>("write your prediction (true = the rise is larger for the 20-D model)");
        var larger = rise20D > rise2D;
        return ReasonedPrediction.Judge(predictedLargerFor20D == larger, reason.Value,
            larger ? IwaeReason.MoreDimensionsMoreToMiss : IwaeReason.ThePlaneBendsThePosterior,
            $"the bound rose by {F(rise20D, 3)} nats for the 20-D model and {F(rise2D, 3)} for the 2-D model. The rise is a lower bound on " +
            "KL(q(z|x) ‖ p(z|x)), the encoder's approximation error: " +
            (larger ? "the likely explanation (this notebook measures the rise, not its cause) is that a factorised Gaussian has more ways to miss " +
                      "the true posterior's shape (correlations, skew) in twenty dimensions than in two."
                    : "the likely explanation (this notebook measures the rise, not its cause) is that folding ten digit classes into a plane bends " +
                      "and splits the posteriors, which one Gaussian per image cannot follow."),
            "Section 6 says what the rise bounds: KL(q(z|x) ‖ p(z|x)). Ask which encoder's single Gaussian is further from its own model's true posterior, and why.",
            r => r == IwaeReason.LowerElboMoreRoom
                ? "the ELBO is log p(x) minus the gap, and the two models have different log p(x): a lower ELBO can belong to a worse model with a " +
                  "small gap. Section 6 says what the rise bounds; ask which encoder's Gaussian is further from its own model's true posterior."
                : "section 6 says what the rise bounds: KL(q(z|x) ‖ p(z|x)). Compare the two explanations by what each says about the shape of " +
                  "the true posterior a single Gaussian has to fit.");
    }

    /// <summary>Exercise 4's explanations.</summary>
    public enum NeighboursReason
    {
        /// <summary>The 20-D code keeps more of what tells digits apart (its KL is larger), so nearby codes share a class more often.</summary>
        MoreDimensionsKeepMore,

        /// <summary>In 20 dimensions all distances look alike, so nearest neighbours are close to random.</summary>
        DistancesLookAlike,

        /// <summary>The KL pulls every code towards N(0, I) in both models alike, so the classes overlap just as much.</summary>
        TheKlOverlapsBoth,
    }

    /// <summary>
    /// Exercise 4: do 5 nearest neighbours classify test images better in the 20-D code space than in the 2-D map, and why?
    /// The accuracies are those the notebook's run measured.
    /// </summary>
    public static ExerciseCheck NeighboursIn20D(bool? predictedBetterIn20D, NeighboursReason? reason, double accuracy20D, double accuracy2D)
    {
        if (predictedBetterIn20D is null || reason is null)
            return ReasonedPrediction.Unanswered<NeighboursReason>("write your prediction (true = the vote is right more often in 20-D)");
        // As in exercise 1: had the 20-D vote not won, the only explanation left would be a misconception (distances that all
        // look alike), so the check refuses to judge instead of confirming it.
        if (!(accuracy20D > accuracy2D)) return NotSettled("the nearest-neighbour vote of section 8");
        return ReasonedPrediction.Judge(predictedBetterIn20D.Value, reason.Value, NeighboursReason.MoreDimensionsKeepMore,
            $"5-nearest-neighbour accuracy: {100 * accuracy20D:F1} % in the 20-D codes, {100 * accuracy2D:F1} % in the 2-D map. " +
            "The 20-D codes keep far more of each image (compare the two models' KL and ELBO), including the stroke features that separate " +
            "4 from 9 or 3 from 5; the 2-D map has to overlap classes to fit ten of them into a plane.",
            "Compare what each model's code keeps about an image: its KL (sections 4 and 8), the nats the code carries, and what that means for which codes lie near each other.",
            r => r == NeighboursReason.DistancesLookAlike
                ? "distances concentrate when the dimensions are many and carry independent noise; twenty dimensions of a trained code are neither. " +
                  "Compare what each model's code keeps about an image: its KL (sections 4 and 8)."
                : "the KL pulls towards the prior, but how far each code stays from it depends on what the reconstruction gains: compare the two " +
                  "models' KL (sections 4 and 8), the nats each code carries about an image.");
    }

    /// <summary>What exercises 1 and 4 print when this run's measurement went against every explanation the check can
    /// confirm: no verdict (a misconception would be the only reason left), and no measured value.</summary>
    private static ExerciseCheck NotSettled(string what) =>
        ExerciseCheck.NotYet($"not settled in this run: {what} came out in a way this check cannot grade (no explanation on the list " +
                             "that holds up would account for it), so no prediction is graded on it. Rerun the notebook (another VAELAB_SEED) and check again.");
}
