using TorchSharp;
using VaeLab.Evaluation.Ood;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 08 (applications: OOD detection, graphs, the frontier).</summary>
public static class Notebook08
{
    /// <summary>
    /// Exercise 1: turn a log-likelihood (nats) into a detection score, higher = more anomalous. Checked on a toy set
    /// where the OOD images have the lower likelihoods: the student's score must separate them perfectly (AUROC 1).
    /// </summary>
    public static ExerciseCheck DetectionScore(Func<double, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        double[] inLogLikelihood = [-700, -710, -690, -705], outLogLikelihood = [-900, -950, -880];
        var auroc = DetectionMetrics.RocAuc(inLogLikelihood.Select(score).ToArray(), outLogLikelihood.Select(score).ToArray());
        return auroc switch
        {
            1.0 => ExerciseCheck.Pass("higher score = less likely = more anomalous; the toy OOD images are all flagged first (AUROC 1)."),
            0.0 => ExerciseCheck.NotYet("your score ranks the OOD images last (AUROC 0): DetectionMetrics wants higher = more anomalous, so flip the sign."),
            _ => ExerciseCheck.NotYet($"your score gives AUROC {auroc:F2} on a toy set a likelihood separates perfectly; use a decreasing function of log p(x)."),
        };
    }

    /// <summary>
    /// Exercise 2: Serrà et al.'s score from −log₂ p(x) and the compressed length L(x), both in bits.
    /// </summary>
    public static ExerciseCheck ComplexityScore(Func<double, double, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        (double Nll, double Length)[] cases = [(2000, 1500), (1200, 600), (900, 950), (3000, 3000)];
        foreach (var (nll, length) in cases)
        {
            var got = score(nll, length);
            if (Math.Abs(got - (nll - length)) > 1e-9)
                return ExerciseCheck.NotYet($"for −log₂ p(x) = {nll} and L(x) = {length} bits your score is {got}; S(x) subtracts the compressor's bits from the model's.");
        }
        return ExerciseCheck.Pass("S(x) = −log₂ p(x) − L(x): how many bits the model needs beyond a generic compressor.");
    }

    /// <summary>Exercise 3: the VGAE decoder's probability that nodes i and j are joined, from their latents.</summary>
    public static ExerciseCheck EdgeProbability(Func<Tensor, Tensor, double> probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        (float[] Zi, float[] Zj)[] cases = [([1f, 2f], [0.5f, 0.25f]), ([1f, -1f, 0f], [2f, 1f, 3f]), ([-2f, 0f], [1.5f, 4f])];
        foreach (var (a, b) in cases)
        {
            using var zi = tensor(a);
            using var zj = tensor(b);
            var expected = 1 / (1 + Math.Exp(-a.Zip(b, (x, y) => (double)x * y).Sum()));
            var got = probability(zi, zj);
            if (!(Math.Abs(got - expected) < 1e-5))
                return ExerciseCheck.NotYet($"for z_i = [{string.Join(", ", a)}], z_j = [{string.Join(", ", b)}] you give {got:G4}; the inner-product decoder gives {expected:G4}.");
        }
        return ExerciseCheck.Pass("p(A_ij = 1 | z_i, z_j) = σ(z_i · z_j), Kipf & Welling's inner-product decoder.");
    }

    /// <summary>Exercise 4: how many times fewer bits a 7 × 7 grid of codes from a 512-code codebook takes than a 28 × 28 8-bit image.</summary>
    public static ExerciseCheck CompressionRatio(double ratio)
    {
        var expected = 28 * 28 * 8 / (7 * 7 * Math.Log2(512));
        return Math.Abs(ratio - expected) < 0.05
            ? ExerciseCheck.Pass($"{28 * 28 * 8} bits / (49 codes × 9 bits) = {expected:F2}.")
            : ExerciseCheck.NotYet($"{ratio:G4} is not the ratio; count the image's bits (pixels × 8) and the code grid's (codes × log₂ 512).");
    }
}
