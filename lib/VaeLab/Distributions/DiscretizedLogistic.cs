using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace VaeLab.Distributions;

/// <summary>
/// A likelihood for 8-bit pixels: each pixel value k/255 (k = 0..255) gets the mass a continuous logistic
/// distribution with mean μ and scale e^s puts on its bin [k/255 − 1/510, k/255 + 1/510], with the two edge bins
/// open-ended so the 256 probabilities sum to one (Salimans et al. 2017, PixelCNN++, eq. 2, here with a single
/// logistic per pixel and intensities in [0, 1] instead of [−1, 1]). Unlike a Bernoulli on grey levels it is a real
/// probability of the 8-bit image, so −log₂ p(x) is a code length in bits comparable to a compressor's (Serrà et al.
/// 2020) and across datasets (Nalisnick et al. 2019).
/// </summary>
public static class DiscretizedLogistic
{
    /// <summary>Number of 8-bit values.</summary>
    public const int Levels = 256;

    /// <summary>
    /// Lower bound on the log-scale s (scale e^−7.7 ≈ 4.5·10⁻⁴, an eighth of a bin). PixelCNN++ clamps at −7 on the
    /// [−1, 1] scale, the same bound on half the range. Below it one bin already holds nearly all the mass, so the
    /// likelihood cannot improve, while e^−s and its gradients would head for overflow.
    /// </summary>
    public const double MinLogScale = -7.7;

    private const double HalfBin = 0.5 / (Levels - 1);

    /// <summary>
    /// log p(x) summed over all pixels of each example: <paramref name="x"/> is [N, ...] with values k/255 in [0, 1]
    /// (snapped to the nearest k); <paramref name="mean"/> μ and <paramref name="logScale"/> s broadcast to x's shape.
    /// Returns [N] in nats. Differentiable in μ and s.
    /// </summary>
    public static Tensor LogProbability(Tensor x, Tensor mean, Tensor logScale)
    {
        using var scope = NewDisposeScope();
        var perPixel = LogProbabilityPerPixel(x, mean, logScale);
        return perPixel.reshape(perPixel.shape[0], -1).sum(dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log P(k) for every pixel, shaped like the broadcast of x, μ and s. For an inner bin with edges
    /// a = (k/255 + 1/510 − μ)/e^s and b = (k/255 − 1/510 − μ)/e^s:
    /// P = σ(a) − σ(b) = σ(a) · σ(−b) · (1 − e^{−(a−b)}), so
    /// log P = log σ(a) + log σ(−b) + log(−expm1(−(a − b))).
    /// Each term is computed without cancellation, so this is accurate in both tails and for tiny or huge scales;
    /// it replaces PixelCNN++'s two-branch rule (log of the CDF difference when it exceeds 10⁻⁵, otherwise the
    /// mid-point density times the bin width), whose first branch loses all digits in float32 far in a tail. The
    /// edge bins are log σ(a) for k = 0 and log σ(−b) for k = 255.
    /// </summary>
    public static Tensor LogProbabilityPerPixel(Tensor x, Tensor mean, Tensor logScale)
    {
        ValidatePixels(x);
        using var scope = NewDisposeScope();
        var level = (x * (Levels - 1)).round();
        var centre = level / (Levels - 1);
        var inverseScale = (-logScale.clamp_min(MinLogScale)).exp();
        var centred = centre - mean;
        var upper = inverseScale * (centred + HalfBin);     // a
        var lower = inverseScale * (centred - HalfBin);     // b
        var logCdfUpper = -softplus(-upper);                // log σ(a)
        var logSurvivalLower = -softplus(lower);            // log σ(−b) = log(1 − σ(b))
        var logWidthFactor = (-(-(upper - lower)).expm1()).log(); // log(1 − e^{−(a−b)})

        var inner = logCdfUpper + logSurvivalLower + logWidthFactor;
        var result = where(level <= 0, logCdfUpper, where(level >= Levels - 1, logSurvivalLower, inner));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Samples pixels k/255: a logistic draw μ + e^s·log(u/(1 − u)), rounded to the grid and clipped to
    /// [0, 1] (clipping is exactly what the open edge bins mean).</summary>
    public static Tensor Sample(Tensor mean, Tensor logScale, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var shape = broadcast_tensors(mean, logScale)[0].shape;
        var u = rand(shape, dtype: mean.dtype, device: mean.device, generator: generator).clamp(1e-6, 1 - 1e-6);
        var draw = mean + logScale.clamp_min(MinLogScale).exp() * (u.log() - (-u).log1p());
        return ((draw * (Levels - 1)).round().clamp(0, Levels - 1) / (Levels - 1)).detach().MoveToOuterDisposeScope();
    }

    /// <summary>−log₂ p(x): a log-probability in nats as a code length in bits.</summary>
    public static Tensor Bits(Tensor logProbability) => logProbability / -Math.Log(2);

    /// <summary>
    /// Bits per dimension −log p(x) / (D ln 2), the unit of the likelihood tables of PixelCNN, Glow and Nalisnick et
    /// al. 2019; <paramref name="dimensions"/> = D is the number of pixels per example (784 for 28×28 grey).
    /// </summary>
    public static Tensor BitsPerDimension(Tensor logProbability, long dimensions)
    {
        if (dimensions < 1) throw new ArgumentException($"The number of dimensions per example must be positive; got {dimensions}.");
        return logProbability / (-Math.Log(2) * dimensions);
    }

    private static void ValidatePixels(Tensor x)
    {
        if (x.dim() < 1 || x.shape[0] < 1 || !x.is_floating_point())
            throw new ArgumentException(
                $"Pixels must be a non-empty floating tensor [N, ...] with values k/255; got dtype {x.dtype}, shape [{string.Join(", ", x.shape)}].");
        var (min, max) = (x.min().ToDouble(), x.max().ToDouble());
        if (!(min >= 0 && max <= 1))
            throw new ArgumentException(
                $"Pixels must lie in [0, 1] (values k/255); got values in [{min:G4}, {max:G4}]. Undo Normalize(mean, std) or divide bytes by 255 first.");
    }
}
