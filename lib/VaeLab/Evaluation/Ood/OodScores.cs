using TorchSharp;
using VaeLab.Data;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Ood;

/// <summary>
/// Scores for out-of-distribution detection with a likelihood model, all in bits and all oriented "higher = more
/// anomalous", as <see cref="DetectionMetrics"/> expects. Every function returns Float64, so score sets built with
/// these functions compare exactly (no float32/float64 mix in the ranking).
/// </summary>
public static class OodScores
{
    private static readonly double Ln2 = Math.Log(2);

    /// <summary>
    /// An estimate of log p(x) in nats per image [N] (Float64): the importance-weighted bound L_k of Burda et al.
    /// 2015 (k = 1 is the ELBO), computed in batches of <paramref name="batchSize"/> images with noise from one
    /// generator seeded by <paramref name="seed"/>. The model should be in evaluation mode.
    /// </summary>
    public static Tensor LogLikelihood(ILatentVariableModel model, Tensor images, int k = 100, int batchSize = 500, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.dim() < 1 || images.shape[0] < 1)
            throw new ArgumentException($"Give a non-empty batch of images [N, ...]; got [{string.Join(", ", images.shape)}].");
        using var generator = new Generator((ulong)seed);
        return Batches.Map(images, batchSize, batch =>
            ImportanceWeightedBound.Compute(model, batch, k, chunkSize: Math.Max(1, Math.Min(k, 20)), generator: generator).to_type(ScalarType.Float64));
    }

    /// <summary>−log₂ p(x): the raw likelihood score (Nalisnick et al. 2019), from log p(x) in nats.</summary>
    public static Tensor NegativeLogLikelihoodBits(Tensor logLikelihoodNats) =>
        logLikelihoodNats.to_type(ScalarType.Float64) / -Ln2;

    /// <summary>
    /// Serrà et al. 2020, eq. 2: S(x) = −log₂ p(x) − L(x), with L(x) a lossless compressor's length of x in bits
    /// (<see cref="Data.Compression.CompressedLength"/>). The compressor is a generic model of "simple images";
    /// subtracting its code length leaves how much worse (or better) the trained model codes x than a generic one.
    /// </summary>
    public static Tensor ComplexityCorrected(Tensor logLikelihoodNats, Tensor compressedBits)
    {
        CheckSameLength(logLikelihoodNats, compressedBits, "compressed lengths");
        return NegativeLogLikelihoodBits(logLikelihoodNats) - compressedBits.to_type(ScalarType.Float64);
    }

    /// <summary>
    /// Ren et al. 2019, eq. 5, negated so that higher = more anomalous: −LLR(x) = −(log p_θ(x) − log p_θ₀(x)) in bits,
    /// where p_θ₀ is a background model trained on perturbed inputs (<see cref="Data.PixelPerturbation"/>).
    /// </summary>
    public static Tensor LikelihoodRatio(Tensor logLikelihoodNats, Tensor backgroundLogLikelihoodNats)
    {
        CheckSameLength(logLikelihoodNats, backgroundLogLikelihoodNats, "background log-likelihoods");
        return NegativeLogLikelihoodBits(logLikelihoodNats) - NegativeLogLikelihoodBits(backgroundLogLikelihoodNats);
    }

    private static void CheckSameLength(Tensor first, Tensor second, string what)
    {
        if (first.dim() != 1 || second.dim() != 1 || first.shape[0] != second.shape[0])
            throw new ArgumentException(
                $"Expected one log-likelihood and one of the {what} per image, both [N]; got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}].");
    }
}
