using System.Globalization;
using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 05's exercises (reference solutions: solutions/05-beta-vae.md).</summary>
public static class Notebook05
{
    /// <summary>
    /// Exercise 1: the ELBO of a run from its point on the rate–distortion plane. ELBO = −(distortion + rate), so the
    /// answer must be within 0.05 nats of −(<paramref name="distortion"/> + <paramref name="rate"/>).
    /// </summary>
    public static ExerciseCheck ElboFromRateDistortion(double? answer, double rate, double distortion)
    {
        var truth = -(distortion + rate);
        if (answer is not double value || !double.IsFinite(value))
            return ExerciseCheck.NotYet("write the run's ELBO (a number of nats) on the marked line.");
        return Math.Abs(value - truth) <= 0.05
            ? ExerciseCheck.Pass($"ELBO = log-likelihood − KL = −(distortion + rate) = −({F(distortion)} + {F(rate)}) = {F(truth)} nats; every point on its dashed line has this ELBO.")
            : ExerciseCheck.NotYet($"{F(value)} is not it. Hint: the distortion is −log p(x|z) and the rate is the KL; the ELBO is log p(x|z) − KL.");
    }

    /// <summary>
    /// Exercise 2: the constant part of the minibatch-weighted TC estimate. With weights 1/(N·M) instead of the 1/M of the
    /// batch-as-data-set estimate, log q(z) drops by log N and each of the D marginals log q(z_d) by log N, so
    /// TC_MWS = TC_M + (D − 1)·log N exactly, for <paramref name="latents"/> = D and <paramref name="datasetSize"/> = N
    /// (within 0.5 nats). The rest of the gap to the true TC is TC_M's own error, which depends on the model.
    /// </summary>
    public static ExerciseCheck MinibatchWeightedOffset(double? answer, int latents, long datasetSize)
    {
        if (latents < 1 || datasetSize < 2) throw new ArgumentException($"Need D ≥ 1 and N ≥ 2; got D = {latents}, N = {datasetSize}.");
        var truth = (latents - 1) * Math.Log(datasetSize);
        if (answer is not double value || !double.IsFinite(value))
            return ExerciseCheck.NotYet("write the constant in nats on the marked line.");
        return Math.Abs(value - truth) <= 0.5
            ? ExerciseCheck.Pass($"(D − 1)·log N = {latents - 1}·log {datasetSize:N0} = {F(truth)} nats: the extra 1/N lowers log q(z) by log N once and each of the D marginals log q(z_d) by log N, " +
                "so TC = log q(z) − Σ_d log q(z_d) rises by (D − 1)·log N. It has no gradient; the rest of the gap to the true TC depends on the model, as section 6 shows.")
            : ExerciseCheck.NotYet($"{F(value)} is not it. Hint: the weight 1/(N·M) differs from 1/M by a factor 1/N inside every log-sum; count how often that log N enters log q(z) and Σ_d log q(z_d), and with which sign in the TC.");
    }

    /// <summary>Exercise 3: the chance level of the FactorVAE score with <paramref name="factors"/> factors, 1/K (within 0.02).</summary>
    public static ExerciseCheck FactorVaeChance(double? answer, int factors)
    {
        if (factors < 1) throw new ArgumentException($"Need at least one factor; got {factors}.");
        var truth = 1.0 / factors;
        if (answer is not double value || !double.IsFinite(value))
            return ExerciseCheck.NotYet("write the score a code that knows nothing gets (a number between 0 and 1).");
        return Math.Abs(value - truth) <= 0.02
            ? ExerciseCheck.Pass($"1/K = {F(truth, 3)}: votes pick each of the K = {factors} factors equally often, and a classifier that maps every latent to one factor is right on that factor's share of the votes.")
            : ExerciseCheck.NotYet($"{F(value, 3)} is not it. Hint: each vote fixes one of the {factors} factors, chosen uniformly; what does a classifier that always answers the same factor score?");
    }

    /// <summary>Exercise 4: the factor with the largest MIG in <paramref name="mig"/> (case-insensitive name).</summary>
    public static ExerciseCheck BestCapturedFactor(string? answer, MigResult mig)
    {
        ArgumentNullException.ThrowIfNull(mig);
        var best = Enumerable.Range(0, mig.PerFactor.Count).MaxBy(k => mig.PerFactor[k]);
        var name = mig.FactorNames[best];
        if (string.IsNullOrWhiteSpace(answer))
            return ExerciseCheck.NotYet($"write a factor name ({string.Join(", ", mig.FactorNames)}) on the marked line.");
        var given = mig.FactorNames.FirstOrDefault(n => string.Equals(n, answer.Trim(), StringComparison.OrdinalIgnoreCase));
        if (given is null)
            return ExerciseCheck.NotYet($"'{answer}' is not a factor; choose one of {string.Join(", ", mig.FactorNames)}.");
        return given == name
            ? ExerciseCheck.Pass($"{name} has the largest MIG, {F(mig.PerFactor[best], 3)}: one latent knows much more about it than any other latent does.")
            : ExerciseCheck.NotYet($"{given}'s MIG is {F(mig.PerFactor[mig.FactorNames.ToList().IndexOf(given)], 3)}; another factor's is larger. Read the per-factor MIG of the model.");
    }

    private static string F(double value, int digits = 2) => value.ToString("F" + digits, CultureInfo.InvariantCulture);
}
