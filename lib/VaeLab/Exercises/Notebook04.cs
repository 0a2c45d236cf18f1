using VaeLab.Distributions;
using static TorchSharp.torch;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 04's exercises (reference solutions: solutions/04-vae.md).</summary>
public static class Notebook04
{
    /// <summary>Exercise 1: did β = 4 lower the test KL, compared with β = 1 after the same number of epochs?</summary>
    public static ExerciseCheck BetaLowersKl(bool? predictedLower, double betaKl, double plainKl) =>
        Prediction(predictedLower, betaKl < plainKl,
            $"β = 4 reached a test KL of {F(betaKl, 4)} nats, β = 1 {F(plainKl, 4)} after the same number of epochs",
            "a larger KL weight makes each nat of KL cost more");

    /// <summary>
    /// Exercise 2: the student's value of PyTorch 1.13's per-pixel <c>binary_cross_entropy</c> for a target of −1 and a
    /// predicted probability σ(−200), computed with the same formula (<see cref="ClampedBinaryCrossEntropy"/>).
    /// </summary>
    public static ExerciseCheck ClampedBinaryCrossEntropyValue(double answer)
    {
        var truth = SeedLoss(-200, -1);
        if (!double.IsFinite(answer)) return ExerciseCheck.NotYet("give the loss as a finite number: PyTorch 1.13 raises no error and returns no ∞ here.");
        return Math.Abs(answer - truth) < 0.5
            ? ExerciseCheck.Pass($"the loss is {F(truth, 4)}: log p is clamped at −100, so −[t·(−100) + (1 − t)·log(1 − p)] = {F(truth, 4)} for t = −1.")
            : ExerciseCheck.NotYet($"the loss is not {F(answer, 4)}. Hint: log σ(−200) is clamped at −100, and log(1 − σ(−200)) ≈ 0.");
    }

    /// <summary>PyTorch 1.13's binary_cross_entropy(σ(logit), target) for one pixel (no range check on the target).</summary>
    public static double SeedLoss(double logit, double target)
    {
        using var scope = NewDisposeScope();
        var p = tensor(new[] { logit }).sigmoid();
        return ClampedBinaryCrossEntropy.Loss(p, tensor(new[] { target })).item<double>();
    }

    /// <summary>Exercise 3: is the IWAE bound's rise from k = 1 to the largest k bigger for the 20-D model than for the 2-D one?</summary>
    public static ExerciseCheck IwaeRise(bool? predictedLargerFor20D, double rise20D, double rise2D) =>
        Prediction(predictedLargerFor20D, rise20D > rise2D,
            $"the bound rose by {F(rise20D, 3)} nats for the 20-D model and {F(rise2D, 3)} for the 2-D model",
            "the rise is a lower bound on KL(q(z|x) ‖ p(z|x)), the encoder's approximation error");

    /// <summary>Exercise 4: do 5 nearest neighbours classify test images better in the 20-D code space than in the 2-D map?</summary>
    public static ExerciseCheck NeighboursIn20D(bool? predictedBetterIn20D, double accuracy20D, double accuracy2D) =>
        Prediction(predictedBetterIn20D, accuracy20D > accuracy2D,
            $"5-nearest-neighbour accuracy: {100 * accuracy20D:F1} % in the 20-D codes, {100 * accuracy2D:F1} % in the 2-D map",
            "twenty dimensions can keep more of what tells digits apart");

    private static ExerciseCheck Prediction(bool? predicted, bool measured, string what, string hint)
    {
        if (predicted is null) return ExerciseCheck.NotYet("write your prediction (true or false) before running the check.");
        return predicted == measured
            ? ExerciseCheck.Pass($"right: {what}.")
            : ExerciseCheck.NotYet($"the run says otherwise: {what}. Why? ({hint})");
    }
}
