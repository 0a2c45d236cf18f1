using System.Globalization;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>
/// The checks of notebook 05's exercises (reference solutions: solutions/05-beta-vae.md). Each calls the student's function
/// on inputs the notebook never showed and compares it with a measurement or the library's own computation; a wrong
/// answer gets a hint about the reasoning, never the expected value.
/// </summary>
public static class Notebook05
{
    // (rate, distortion) pairs the check tries besides the run's own points; none is a run of the notebook.
    private static readonly (double Rate, double Distortion)[] HiddenPoints = [(0, 310.5), (3.25, 140.0), (27.5, 21.75), (12.0, 12.0)];

    /// <summary>
    /// Exercise 1: <paramref name="elbo"/> maps a run's rate (KL) and distortion (reconstruction loss), in nats per image, to its
    /// ELBO. Called on points the notebook never showed and on every run of <paramref name="measured"/> (its rate, its
    /// distortion and the ELBO the evaluator measured), within 0.01 nats.
    /// </summary>
    public static ExerciseCheck ElboFromRateDistortion(Func<double, double, double> elbo, IReadOnlyList<(double Rate, double Distortion, double Elbo)> measured)
    {
        ArgumentNullException.ThrowIfNull(elbo);
        ArgumentNullException.ThrowIfNull(measured);
        var cases = HiddenPoints.Select(p => (p.Rate, p.Distortion, Elbo: -(p.Rate + p.Distortion))).Concat(measured).ToList();
        var answers = new List<double>();
        foreach (var (rate, distortion, _) in cases)
        {
            try { answers.Add(elbo(rate, distortion)); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}; it only needs the two numbers it is given.");
            }
        }
        if (answers.Any(double.IsNaN)) return ExerciseCheck.NotYet("write the ELBO as a function of the rate and the distortion on the marked line.");
        bool All(Func<double, double, double> f) => cases.Select((c, i) => Math.Abs(answers[i] - f(c.Rate, c.Distortion)) <= 0.01).All(ok => ok);
        if (cases.Select((c, i) => Math.Abs(answers[i] - c.Elbo) <= 0.01).All(ok => ok))
            return ExerciseCheck.Pass($"ELBO = log p(x|z) − KL = −(distortion + rate), on {HiddenPoints.Length} points the notebook never showed and on the " +
                                      $"{measured.Count} models of section 4, whose ELBO the evaluator measured. Every point on a dashed line of the chart has the same ELBO.");
        if (All((r, d) => r + d))
            return ExerciseCheck.NotYet("the sign: distortion + rate is the negative ELBO (the loss at β = 1); the ELBO is the log-likelihood minus the KL.");
        if (All((r, d) => d - r) || All((r, d) => r - d))
            return ExerciseCheck.NotYet("the distortion is −log p(x|z), a loss, and the rate is the KL: what sign does each get in log p(x|z) − KL?");
        return ExerciseCheck.NotYet("some values differ from the measured ELBOs. The distortion is −log p(x|z), the rate is KL(q(z|x) ‖ p(z)), and the ELBO is log p(x|z) − KL.");
    }

    // (latents D, images N, batch M) the check measures; the notebook's own (10, 6,144, 64) is not among them.
    private static readonly (int Latents, int Images, int Batch)[] HiddenEstimates = [(2, 100, 8), (3, 1000, 16), (6, 50, 10), (16, 20000, 32)];

    /// <summary>
    /// Exercise 2: <paramref name="constant"/> maps D latents and N images to the nats that minibatch-weighted sampling (weights
    /// 1/(N·M)) adds to the batch-as-data-set estimate of the total correlation (weights 1/M). The check measures that
    /// difference with <see cref="KlDecomposition.Estimate"/> on random posteriors for (D, N, M) the notebook never used and
    /// compares (within 0.01 nats). The truth is (D − 1)·log N, whatever M and the posteriors are.
    /// </summary>
    public static ExerciseCheck MinibatchWeightedOffset(Func<int, long, double> constant)
    {
        ArgumentNullException.ThrowIfNull(constant);
        var measured = HiddenEstimates.Select(c => (c.Latents, c.Images, Gap: MeasuredGap(c.Latents, c.Images, c.Batch, seed: c.Latents))).ToList();
        var answers = new List<double>();
        foreach (var (d, n, _) in measured)
        {
            try { answers.Add(constant(d, n)); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}; it needs only D and N.");
            }
        }
        if (answers.Any(double.IsNaN)) return ExerciseCheck.NotYet("write the constant as a function of D and N on the marked line.");
        bool All(Func<int, long, double> f) => measured.Select((m, i) => Math.Abs(answers[i] - f(m.Latents, m.Images)) <= 0.01).All(ok => ok);
        if (measured.Select((m, i) => Math.Abs(answers[i] - m.Gap) <= 0.01).All(ok => ok))
            return ExerciseCheck.Pass($"(D − 1)·log N: measured on random posteriors for {measured.Count} settings of D, N and M the notebook never used. " +
                                      "The extra 1/N lowers log q(z) by log N once and each of the D marginals by log N, so TC = log q(z) − Σ_d log q(z_d) " +
                                      "rises by (D − 1)·log N. It has no gradient; the rest of the gap to the true TC is the batch estimate's own error, " +
                                      "which depends on the model (section 6 prints it).");
        if (All((d, n) => d * Math.Log(n)))
            return ExerciseCheck.NotYet("that counts the log N of the D marginals but not the one in log q(z): TC subtracts the marginals from log q(z).");
        if (All((d, n) => (d + 1) * Math.Log(n)))
            return ExerciseCheck.NotYet("TC is log q(z) − Σ_d log q(z_d): the log N of q(z) and those of the marginals enter with opposite signs.");
        if (All((d, n) => -(d - 1) * Math.Log(n)))
            return ExerciseCheck.NotYet("the sign: the minibatch-weighted estimate is the larger one. Which term loses log N more often, log q(z) or Σ_d log q(z_d)?");
        if (All((d, n) => (d - 1) * Math.Log10(n)) || All((d, n) => (d - 1) * Math.Log2(n)))
            return ExerciseCheck.NotYet("the notebook measures in nats: use the natural logarithm.");
        return ExerciseCheck.NotYet("the measured differences do not follow your formula. Write log q(z) and each log q(z_d) as log-sums over the batch " +
                                    "with weight 1/(N·M) and with weight 1/M: how much does each change, and how does TC combine them?");
    }

    /// <summary>
    /// TC estimated with weights 1/(N·M) (minibatch-weighted) minus TC with weights 1/M (the batch as the whole data set), on
    /// the same random posteriors and samples: D latents, batch M, data-set size N.
    /// </summary>
    public static double MeasuredGap(int latents, long images, int batch, int seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var mean = randn(batch, latents, generator: generator, dtype: ScalarType.Float64);
        var logVariance = rand(batch, latents, generator: generator, dtype: ScalarType.Float64) * 2 - 2;
        var z = mean + (0.5 * logVariance).exp() * randn(batch, latents, generator: generator, dtype: ScalarType.Float64);
        using var weighted = KlDecomposition.Estimate(mean, logVariance, z, images, AggregatePosteriorEstimator.MinibatchWeighted);
        var plain = TotalCorrelationWithWeight(mean, logVariance, z, -Math.Log(batch));
        return weighted.TotalCorrelation.item<double>() - plain;
    }

    /// <summary>TC = mean over the batch of log q(z_i) − Σ_d log q(z_i,d), with q estimated as Σ_j w·q(z_i | x_j), log w given.</summary>
    private static double TotalCorrelationWithWeight(Tensor mean, Tensor logVariance, Tensor z, double logWeight)
    {
        using var scope = NewDisposeScope();
        var variance = logVariance.exp().unsqueeze(0);
        var difference = z.unsqueeze(1) - mean.unsqueeze(0);                       // [M (sample i), M (posterior j), D]
        var perDimension = -0.5 * (difference.pow(2) / variance + logVariance.unsqueeze(0) + Math.Log(2 * Math.PI));
        var logJoint = (perDimension.sum(dim: 2) + logWeight).logsumexp(dim: 1);    // log q(z_i)
        var logMarginals = (perDimension + logWeight).logsumexp(dim: 1).sum(dim: 1); // Σ_d log q(z_i,d)
        return (logJoint - logMarginals).mean().item<double>();
    }

    private static readonly int[] HiddenFactorCounts = [2, 3, 4, 7, 12];

    /// <summary>
    /// Exercise 3: <paramref name="chance"/> maps the number of factors K to the FactorVAE score of a code that knows nothing
    /// about the images. Called for K the notebook never used and compared with 1/K (within 0.01); the pass message adds the
    /// score <see cref="FactorVaeScore"/> measured on a code of pure noise for the sprites' factors
    /// (<paramref name="factorSizes"/>, <paramref name="factorNames"/>).
    /// </summary>
    public static ExerciseCheck FactorVaeChance(Func<int, double> chance, IReadOnlyList<int> factorSizes, IReadOnlyList<string> factorNames)
    {
        ArgumentNullException.ThrowIfNull(chance);
        ArgumentNullException.ThrowIfNull(factorSizes);
        var answers = new List<double>();
        foreach (var k in HiddenFactorCounts)
        {
            try { answers.Add(chance(k)); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}; it needs only the number of factors.");
            }
        }
        if (answers.Any(double.IsNaN)) return ExerciseCheck.NotYet("write the chance level as a function of the number of factors K on the marked line.");
        bool All(Func<int, double> f) => HiddenFactorCounts.Select((k, i) => Math.Abs(answers[i] - f(k)) <= 0.01).All(ok => ok);
        if (All(k => 1.0 / k))
        {
            var noise = NoiseCodeScore(factorSizes, factorNames);
            return ExerciseCheck.Pass($"1/K: for K = {string.Join(", ", HiddenFactorCounts)} your function agrees. Each vote fixes one of the K factors, chosen " +
                                      "uniformly; a code that knows nothing gives votes unrelated to the factor, so any latent-to-factor map is right on " +
                                      $"about 1/K of fresh votes. Measured here on a code of pure noise for the sprites' {factorSizes.Count} factors: " +
                                      $"{F(noise, 3)} (1/K = {F(1.0 / factorSizes.Count, 3)}; {new FactorVaeSettings().EvalVotes} votes, so ± about 0.02).");
        }
        if (All(_ => 0)) return ExerciseCheck.NotYet("a code that knows nothing still wins some votes by chance: the score is an accuracy, and guessing has one.");
        if (All(k => 1 - 1.0 / k)) return ExerciseCheck.NotYet("that is the error rate of guessing; the score is the accuracy.");
        return ExerciseCheck.NotYet("think of the classifier as guessing: each vote's factor is drawn uniformly from K, and the guess is unrelated to it. How often is it right?");
    }

    /// <summary>The FactorVAE score of a 10-latent code of Gaussian noise (independent of the factors), default settings.</summary>
    public static double NoiseCodeScore(IReadOnlyList<int> factorSizes, IReadOnlyList<string> factorNames, int latents = 10, int seed = 3)
    {
        var random = new Random(seed);
        double[,] Noise(int[][] rows)
        {
            var codes = new double[rows.Length, latents];
            for (var i = 0; i < rows.Length; i++)
                for (var j = 0; j < latents; j++)
                    codes[i, j] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return codes;
        }
        return FactorVaeScore.Compute(Noise, factorSizes, factorNames).EvalAccuracy;
    }

    private static readonly double[] HiddenAngles = [0, 12, 44, 46, 90, 101, -30, -89, 135, 180, 200.5, 271, -359];

    /// <summary>
    /// Exercise 4: <paramref name="misalignment"/> maps the angle (degrees) of a factor's direction in a latent pair, measured
    /// from the pair's first axis, to its distance from the nearest latent axis (0°…45°). Called on angles the notebook
    /// never showed and compared with <see cref="LatentPlane.Misalignment"/> (within 0.01°); the pass message recalls the
    /// run's own misalignments (<paramref name="symmetricMean"/>, <paramref name="asymmetricMean"/>).
    /// </summary>
    public static ExerciseCheck Misalignment(Func<double, double> misalignment, double symmetricMean, double asymmetricMean)
    {
        ArgumentNullException.ThrowIfNull(misalignment);
        var answers = new List<double>();
        foreach (var angle in HiddenAngles)
        {
            try { answers.Add(misalignment(angle)); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}; it needs only the angle.");
            }
        }
        if (answers.Any(double.IsNaN)) return ExerciseCheck.NotYet("write the misalignment as a function of the angle on the marked line.");
        static double Truth(double angle) => new LatentPlane(0, 1, 1, 1, (Math.Cos(angle * Math.PI / 180), Math.Sin(angle * Math.PI / 180)), (0, 1)).Misalignment;
        bool All(Func<double, double> f) => HiddenAngles.Select((a, i) => Math.Abs(answers[i] - f(a)) <= 0.01).All(ok => ok);
        if (All(Truth))
            return ExerciseCheck.Pass($"your function agrees with LatentPlane on {HiddenAngles.Length} angles, negative ones and those beyond 90° included. " +
                                      "The latent axes repeat every 90° and a direction is as far from the axis behind it as from the one ahead, so fold the angle " +
                                      "into [0°, 90°) and take the distance to the nearer end. A uniformly random angle gives 22.5° on average. This run: " +
                                      $"{F(symmetricMean, 0)}° on the symmetric set, {F(asymmetricMean, 0)}° on the asymmetric one (sections 3 and 4).");
        var negativeWrong = HiddenAngles.Select((a, i) => (a, i)).Where(p => Math.Abs(answers[p.i] - Truth(p.a)) > 0.01).All(p => p.a < 0);
        if (negativeWrong)
            return ExerciseCheck.NotYet("right for positive angles, not for negative ones: C#'s % keeps the sign of the left operand (−30 % 90 = −30).");
        if (HiddenAngles.Where(a => a is >= 0 and <= 45).Select(a => Array.IndexOf(HiddenAngles, a)).All(i => Math.Abs(answers[i] - HiddenAngles[i]) <= 0.01))
            return ExerciseCheck.NotYet("right up to 45°; beyond that the nearest axis is another one. The axes sit at every multiple of 90°, in both directions.");
        return ExerciseCheck.NotYet("the axes of a latent pair sit at 0°, 90°, 180° and 270°: which one is nearest to the direction, and how far is it?");
    }

    private static string F(double value, int digits = 2) => value.ToString("F" + digits, CultureInfo.InvariantCulture);
}
