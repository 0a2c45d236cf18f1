using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The closed-form KL divergences between diagonal Gaussians (TorchSharp 0.107 has no KL function of its own); the
/// <see cref="Kl"/> registry uses them for Normal–Normal pairs. Results are per element (per latent dimension), with
/// the distributions' shape; <see cref="Total"/> sums the last axis.
/// </summary>
public static class GaussianKl
{
    /// <summary>
    /// KL(q ‖ p) per element for q = N(μ_q, σ_q²), p = N(μ_p, σ_p²):
    /// log(σ_p/σ_q) + (σ_q² + (μ_q − μ_p)²) / (2σ_p²) − ½ (e.g. Bishop 2006, ex. 1.30; Kingma &amp; Welling 2013, app. B).
    /// </summary>
    public static Tensor Between(DiagonalNormal q, DiagonalNormal p)
    {
        using var scope = NewDisposeScope();
        var ratio = (q.stddev / p.stddev).square();
        var kl = 0.5 * (ratio + ((q.mean - p.mean) / p.stddev).square() - 1 - ratio.log());
        return kl.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// KL(q ‖ N(0, 1)) per element: ½ (μ² + σ² − 1 − log σ²) (Kingma &amp; Welling 2013, appendix B). The closed form
    /// the VAE's loss uses, so its KL term has no sampling noise.
    /// </summary>
    public static Tensor ToStandardNormal(DiagonalNormal q)
    {
        using var scope = NewDisposeScope();
        var variance = q.variance;
        return (0.5 * (q.mean.square() + variance - 1 - variance.log())).MoveToOuterDisposeScope();
    }

    /// <summary>The per-dimension KL summed over the last axis ([N, D] → [N]).</summary>
    public static Tensor Total(Tensor perDimension) => perDimension.sum(dim: -1);
}
