using static TorchSharp.torch;

namespace VaeLab.Losses;

/// <summary>
/// The analytic KL divergence between a diagonal Gaussian q = N(μ, diag σ²) and the standard-normal prior
/// p(z) = N(0, I) (Kingma &amp; Welling 2013, appendix B): KL = ½ Σ_d (μ_d² + σ_d² − 1 − log σ_d²).
/// </summary>
public static class GaussianKl
{
    /// <summary>KL per latent dimension, the same shape as <paramref name="mean"/> (e.g. [N, D]).</summary>
    public static Tensor PerDimension(Tensor mean, Tensor logVariance)
    {
        RequireSameShape(mean, logVariance);
        return 0.5 * (mean.square() + logVariance.exp() - 1 - logVariance);
    }

    /// <summary>KL per example: the per-dimension KL summed over the last axis ([N, D] → [N]).</summary>
    public static Tensor Total(Tensor mean, Tensor logVariance) => PerDimension(mean, logVariance).sum(dim: -1);

    /// <summary>KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) per dimension, for two diagonal Gaussians of the same shape.</summary>
    public static Tensor Between(Tensor mean1, Tensor logVariance1, Tensor mean2, Tensor logVariance2)
    {
        RequireSameShape(mean1, logVariance1);
        RequireSameShape(mean2, logVariance2);
        RequireSameShape(mean1, mean2);
        return 0.5 * (logVariance2 - logVariance1 + (logVariance1.exp() + (mean1 - mean2).square()) / logVariance2.exp() - 1);
    }

    internal static void RequireSameShape(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException(
                $"Mean and log-variance must have the same shape; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
    }
}
