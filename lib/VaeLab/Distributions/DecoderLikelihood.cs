using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>Which distribution p(x|z) the decoder's output parameterises.</summary>
public enum DecoderKind
{
    /// <summary>Independent Bernoulli pixels; the decoder returns logits (mean = sigmoid(logits)).</summary>
    Bernoulli,

    /// <summary>Independent Gaussian pixels with a fixed standard deviation; the decoder returns the mean.</summary>
    Gaussian,

    /// <summary>
    /// Independent 8-bit pixels, each a logistic discretised over the 256 grey levels (<see cref="Distributions.DiscretizedLogistic"/>):
    /// a true probability of the 8-bit image. The decoder returns two values per pixel, each example's means μ
    /// first, then its log-scales s (for images: the first C channels μ, the next C channels s).
    /// </summary>
    DiscretizedLogistic,
}

/// <summary>
/// The decoder's likelihood p(x|z). The Bernoulli case uses binary cross-entropy on logits, which PyTorch and
/// TorchSharp compute as max(l, 0) − l·x + log(1 + e^{−|l|}): no sigmoid that saturates to 0 or 1, so no log 0.
/// Targets must be intensities in [0, 1]; see <see cref="ValidateTargets"/>. A Bernoulli on grey levels is not a
/// probability of the 8-bit image (it scores a grey level k/255 as if it were a coin weighted k/255); the discretised
/// logistic is, so only its −log₂ p(x) is a code length comparable across data sets and with a compressor.
/// </summary>
public sealed record DecoderLikelihood(DecoderKind Kind, double GaussianStd = 0.1)
{
    public static DecoderLikelihood Bernoulli { get; } = new(DecoderKind.Bernoulli);

    public static DecoderLikelihood Gaussian(double std = 0.1) => new(DecoderKind.Gaussian, std);

    /// <summary>A discretised logistic per 8-bit pixel (Salimans et al. 2017); the decoder returns μ and log-scale.</summary>
    public static DecoderLikelihood DiscretizedLogistic { get; } = new(DecoderKind.DiscretizedLogistic);

    /// <summary>How many decoder outputs each pixel needs: 2 (μ, log-scale) for the discretised logistic, else 1.</summary>
    public int OutputsPerValue => Kind == DecoderKind.DiscretizedLogistic ? 2 : 1;

    public void Validate()
    {
        if (Kind == DecoderKind.Gaussian && !(GaussianStd > 0 && double.IsFinite(GaussianStd)))
            throw new ArgumentException($"The Gaussian decoder's standard deviation must be positive and finite; got {GaussianStd}.");
    }

    /// <summary>
    /// log p(x|z) summed over the pixels of each example. <paramref name="x"/> is [N, ...]; the decoder output is
    /// shaped like x, or carries extra leading sample axes ([K, N, ...], as in the importance-weighted bound).
    /// Returns [N], or [K, N].
    /// </summary>
    public Tensor LogProbability(Tensor decoderOutput, Tensor x)
    {
        var n = x.shape[0];
        var perExample = n == 0 ? 0 : x.numel() / n;
        if (n == 0 || decoderOutput.numel() % (x.numel() * OutputsPerValue) != 0)
            throw new ArgumentException(
                $"The decoder output [{string.Join(", ", decoderOutput.shape)}] does not match the batch [{string.Join(", ", x.shape)}]: " +
                $"it must hold {OutputsPerValue} value(s) per pixel of each example, optionally for several samples [K, N, ...].");
        var samples = decoderOutput.numel() / (x.numel() * OutputsPerValue);
        var target = x.reshape(n, perExample);
        if (Kind == DecoderKind.DiscretizedLogistic)
        {
            // Per example: μ for every pixel, then s for every pixel.
            using var inner = NewDisposeScope();
            var parameters = decoderOutput.reshape(samples, n, 2, perExample);
            var logProbability = Distributions.DiscretizedLogistic.LogProbability(
                target.unsqueeze(0).expand(samples, n, perExample).reshape(samples * n, perExample),
                parameters.select(2, 0).reshape(samples * n, perExample),
                parameters.select(2, 1).reshape(samples * n, perExample)).reshape(samples, n);
            return (samples == 1 ? logProbability.squeeze(0) : logProbability).MoveToOuterDisposeScope();
        }
        var output = samples == 1 ? decoderOutput.reshape(n, perExample) : decoderOutput.reshape(samples, n, perExample);
        if (samples > 1) target = target.expand(samples, n, perExample);

        // TorchSharp's own distributions: Bernoulli(logits).log_prob is −BCE-with-logits, computed as
        // max(l, 0) − l·x + log(1 + e^{−|l|}), so no sigmoid saturates to 0 or 1 and no log 0 appears.
        using var scope = NewDisposeScope();
        Tensor perPixel;
        if (Kind == DecoderKind.Bernoulli)
        {
            using var bernoulli = new TorchSharp.Modules.Bernoulli(l: output);
            perPixel = bernoulli.log_prob(target);
        }
        else if (Kind == DecoderKind.Gaussian)
        {
            using var normal = new TorchSharp.Modules.Normal(output, full_like(output, GaussianStd));
            perPixel = normal.log_prob(target);
        }
        else throw new InvalidOperationException($"Unknown decoder kind {Kind}.");
        return perPixel.sum(dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mean of p(x|z): sigmoid(logits) for Bernoulli, the output itself for Gaussian, and for the discretised
    /// logistic the location μ clipped to [0, 1] (the clipped edge bins put the logistic's outer mass on 0 and 1), taken
    /// from an output [N, 2·…] whose first half along dimension 1 is μ.
    /// </summary>
    public Tensor Mean(Tensor decoderOutput) => Kind switch
    {
        DecoderKind.Bernoulli => decoderOutput.sigmoid(),
        DecoderKind.DiscretizedLogistic => decoderOutput.chunk(2, 1)[0].clamp(0, 1),
        _ => decoderOutput.alias(),
    };

    /// <summary>
    /// Throws if targets leave [0, 1]. The classic mistake: <c>Normalize((0.5,), (0.5,))</c> maps pixels to
    /// [−1, 1], and binary cross-entropy with a target t &lt; 0 has no minimum (the loss can fall without bound),
    /// so the "ELBO" it reports is meaningless.
    /// </summary>
    public void ValidateTargets(Tensor x, string what = "images")
    {
        if (Kind == DecoderKind.Gaussian || x.numel() == 0) return;
        var (min, max) = (x.min().ToDouble(), x.max().ToDouble());
        if (min < 0 || max > 1 || double.IsNaN(min) || double.IsNaN(max))
            throw new ArgumentException(
                $"A Bernoulli decoder needs {what} with values in [0, 1]; got values in [{min:G4}, {max:G4}]. " +
                "If they were normalised with Normalize((0.5,), (0.5,)) (range [-1, 1]), drop that step or map back with x * 0.5 + 0.5: " +
                "binary cross-entropy is not a log-likelihood for targets outside [0, 1].");
    }
}
