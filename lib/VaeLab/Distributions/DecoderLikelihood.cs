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
}

/// <summary>
/// The decoder's likelihood p(x|z). The Bernoulli case uses binary cross-entropy on logits, which PyTorch and
/// TorchSharp compute as max(l, 0) − l·x + log(1 + e^{−|l|}): no sigmoid that saturates to 0 or 1, so no log 0.
/// Targets must be intensities in [0, 1]; see <see cref="ValidateTargets"/>.
/// </summary>
public sealed record DecoderLikelihood(DecoderKind Kind, double GaussianStd = 0.1)
{
    public static DecoderLikelihood Bernoulli { get; } = new(DecoderKind.Bernoulli);

    public static DecoderLikelihood Gaussian(double std = 0.1) => new(DecoderKind.Gaussian, std);

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
        if (n == 0 || decoderOutput.numel() % x.numel() != 0)
            throw new ArgumentException(
                $"The decoder output [{string.Join(", ", decoderOutput.shape)}] does not match the batch [{string.Join(", ", x.shape)}]: " +
                "it must hold the same number of values per example, optionally for several samples [K, N, ...].");
        var samples = decoderOutput.numel() / x.numel();
        var target = x.reshape(n, perExample);
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

    /// <summary>The mean of p(x|z): sigmoid(logits) for Bernoulli, the output itself for Gaussian.</summary>
    public Tensor Mean(Tensor decoderOutput) => Kind == DecoderKind.Bernoulli ? decoderOutput.sigmoid() : decoderOutput.alias();

    /// <summary>
    /// Throws if targets leave [0, 1]. The classic mistake: <c>Normalize((0.5,), (0.5,))</c> maps pixels to
    /// [−1, 1], and binary cross-entropy with a target t &lt; 0 has no minimum (the loss can fall without bound),
    /// so the "ELBO" it reports is meaningless.
    /// </summary>
    public void ValidateTargets(Tensor x, string what = "images")
    {
        if (Kind != DecoderKind.Bernoulli || x.numel() == 0) return;
        var (min, max) = (x.min().ToDouble(), x.max().ToDouble());
        if (min < 0 || max > 1 || double.IsNaN(min) || double.IsNaN(max))
            throw new ArgumentException(
                $"A Bernoulli decoder needs {what} with values in [0, 1]; got values in [{min:G4}, {max:G4}]. " +
                "If they were normalised with Normalize((0.5,), (0.5,)) (range [-1, 1]), drop that step or map back with x * 0.5 + 0.5: " +
                "binary cross-entropy is not a log-likelihood for targets outside [0, 1].");
    }
}
