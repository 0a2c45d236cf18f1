using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// KL(N(μ, diag σ²) ‖ N(0, I)) in closed form, per example. Kept here so notebook 03 does not depend on the
/// general losses; the shared loss library may replace it (same formula).
/// </summary>
public static class GaussianKl
{
    /// <summary>½ Σ_d (μ² + σ² − log σ² − 1) for <paramref name="mean"/> and <paramref name="logVariance"/> shaped [N, D]; returns [N].</summary>
    public static Tensor ToStandardNormal(Tensor mean, Tensor logVariance)
    {
        if (!mean.shape.SequenceEqual(logVariance.shape))
            throw new ArgumentException(
                $"Mean and log-variance must have the same shape; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVariance.shape)}].");
        return 0.5 * (mean.square() + logVariance.exp() - logVariance - 1).sum(dim: -1);
    }
}
