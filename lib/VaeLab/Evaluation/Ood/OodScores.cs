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
    /// 2016 (k = 1 is the ELBO), computed in batches of <paramref name="batchSize"/> images with noise from one
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
    /// Serrà et al. 2020's input-complexity score S(x) = −log₂ p(x) − L(x), with L(x) a lossless compressor's length of x in bits
    /// (<see cref="Data.Compression.CompressedLength"/>). The compressor is a generic model of "simple images";
    /// subtracting its code length leaves how much worse (or better) the trained model codes x than a generic one.
    /// </summary>
    public static Tensor ComplexityCorrected(Tensor logLikelihoodNats, Tensor compressedBits)
    {
        CheckSameLength(logLikelihoodNats, compressedBits, "compressed lengths");
        return NegativeLogLikelihoodBits(logLikelihoodNats) - compressedBits.to_type(ScalarType.Float64);
    }

    /// <summary>
    /// Ren et al. 2019's likelihood ratio, negated so that higher = more anomalous: −LLR(x) = −(log p_θ(x) − log p_θ₀(x)) in bits,
    /// where p_θ₀ is a background model trained on perturbed inputs (<see cref="Data.PixelPerturbation"/>).
    /// </summary>
    public static Tensor LikelihoodRatio(Tensor logLikelihoodNats, Tensor backgroundLogLikelihoodNats)
    {
        CheckSameLength(logLikelihoodNats, backgroundLogLikelihoodNats, "background log-likelihoods");
        return NegativeLogLikelihoodBits(logLikelihoodNats) - NegativeLogLikelihoodBits(backgroundLogLikelihoodNats);
    }

    /// <summary>The names of the rows of <see cref="StandardSet"/>, so notebook cells and recipes read the same keys.</summary>
    public static class Names
    {
        public const string Raw = "raw −log₂ p(x)";
        public const string PngAlone = "control: −L(x), PNG length alone";
        public const string ZlibAlone = "control: −L(x), zlib length alone";
        public const string SerraPng = "Serrà: −log₂ p(x) − PNG length";
        public const string SerraZlib = "Serrà: −log₂ p(x) − zlib length";
        public const string Ren = "Ren: likelihood ratio";
    }

    /// <summary>
    /// The scores notebook 08 compares, for one pair of in-distribution and OOD image sets, each as (in, out) tensors in
    /// bits, higher = more anomalous: the raw likelihood; the two compressors' lengths alone with the sign flipped
    /// (shorter = more anomalous: the control that needs no model, and that has to know in advance that the OOD images
    /// are the simpler ones); Serrà's S(x) with each compressor; Ren's likelihood ratio against the background model.
    /// </summary>
    public static Dictionary<string, (Tensor In, Tensor Out)> StandardSet(
        (Tensor In, Tensor Out) logLikelihood, (Tensor In, Tensor Out) backgroundLogLikelihood,
        (Tensor In, Tensor Out) pngBits, (Tensor In, Tensor Out) zlibBits) => new()
    {
        [Names.Raw] = (NegativeLogLikelihoodBits(logLikelihood.In), NegativeLogLikelihoodBits(logLikelihood.Out)),
        [Names.PngAlone] = (-pngBits.In.to_type(ScalarType.Float64), -pngBits.Out.to_type(ScalarType.Float64)),
        [Names.ZlibAlone] = (-zlibBits.In.to_type(ScalarType.Float64), -zlibBits.Out.to_type(ScalarType.Float64)),
        [Names.SerraPng] = (ComplexityCorrected(logLikelihood.In, pngBits.In), ComplexityCorrected(logLikelihood.Out, pngBits.Out)),
        [Names.SerraZlib] = (ComplexityCorrected(logLikelihood.In, zlibBits.In), ComplexityCorrected(logLikelihood.Out, zlibBits.Out)),
        [Names.Ren] = (LikelihoodRatio(logLikelihood.In, backgroundLogLikelihood.In), LikelihoodRatio(logLikelihood.Out, backgroundLogLikelihood.Out)),
    };

    private static void CheckSameLength(Tensor first, Tensor second, string what)
    {
        if (first.dim() != 1 || second.dim() != 1 || first.shape[0] != second.shape[0])
            throw new ArgumentException(
                $"Expected one log-likelihood and one of the {what} per image, both [N]; got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}].");
    }
}
