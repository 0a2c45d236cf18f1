using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The encoder's q(z|x) = N(μ, diag σ²) as TorchSharp's own <see cref="Normal"/>, built from the (μ, log σ²) pair the
/// encoder networks output. <c>rsample()</c> on it is the reparameterization z = μ + σ·ε (pathwise gradient);
/// <c>sample()</c> draws under no-grad (no gradient reaches μ or σ).
/// </summary>
public static class DiagonalNormal
{
    /// <summary>
    /// N(μ, exp(½ log σ²)). Dispose the result: TorchSharp's Normal detaches its parameter tensors from the dispose
    /// scope, so an undisposed Normal keeps them alive after the scope ends.
    /// </summary>
    public static Normal FromLogVariance(Tensor mean, Tensor logVariance)
    {
        if (!mean.shape.SequenceEqual(logVariance.shape))
            throw new ArgumentException(
                $"Mean and log-variance must have the same shape; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVariance.shape)}].");
        using var scope = NewDisposeScope();
        return new Normal(mean, (0.5 * logVariance).exp());
    }

    /// <summary>The prior N(0, I) with the shape, dtype and device of <paramref name="like"/>. Dispose it.</summary>
    public static Normal StandardLike(Tensor like)
    {
        using var scope = NewDisposeScope();
        return new Normal(zeros_like(like), ones_like(like));
    }

    /// <summary>log q(z) summed over the last axis (the latent dimensions): [..., D] → [...].</summary>
    public static Tensor LogDensity(Normal q, Tensor z) => q.log_prob(z).sum(dim: -1);
}
