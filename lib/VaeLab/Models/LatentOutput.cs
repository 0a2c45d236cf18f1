using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// The latent-variable part of a <see cref="ModelOutput"/>, as the ELBO pass computed it for the batch: the posterior
/// q(z|x), the prior p(z), the sample z the decoder saw (or the quantised code vectors), the likelihood p(x|z) at that z,
/// and KL(q ‖ p) per latent variable with how it was obtained. Disposing it disposes the posterior and the likelihood
/// (the prior belongs to the model).
/// </summary>
public sealed class LatentOutput(Distribution posterior, Distribution prior, Tensor sample, Distribution likelihood, KlDivergence kl) : IDisposable
{
    public Distribution Posterior { get; } = posterior;

    public Distribution Prior { get; } = prior;

    /// <summary>z as the decoder saw it.</summary>
    public Tensor Sample { get; } = sample;

    /// <summary>p(x|z) at <see cref="Sample"/>.</summary>
    public Distribution Likelihood { get; } = likelihood;

    public KlDivergence Kl { get; } = kl;

    public void Dispose()
    {
        Posterior.Dispose();
        Likelihood.Dispose();
    }
}
