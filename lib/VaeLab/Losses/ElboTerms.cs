using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Losses;

/// <summary>
/// The pieces of the evidence lower bound for one batch, per example:
/// ELBO(x) = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)), with the expectation estimated by one reparameterized sample.
/// </summary>
public sealed record ElboTerms(Tensor LogLikelihood, Tensor KlPerDimension, Tensor Mean, Tensor LogVariance, Tensor Z, Tensor DecoderOutput)
{
    /// <summary>KL per example [N].</summary>
    public Tensor Kl => KlPerDimension.sum(dim: -1);

    /// <summary>ELBO per example [N], in nats.</summary>
    public Tensor Elbo => LogLikelihood - Kl;
}

/// <summary>Computes the ELBO of any <see cref="IGaussianVae"/>.</summary>
public static class Elbo
{
    /// <summary>One-sample ELBO terms for a batch x [N, ...].</summary>
    public static ElboTerms Compute(IGaussianVae model, Tensor x, DecoderLikelihood? likelihood = null)
    {
        likelihood ??= DecoderLikelihood.Bernoulli;
        var (mean, logVariance) = model.Encode(x);
        var z = MlpVae.Reparameterize(mean, logVariance);
        var output = model.Decode(z);
        return new ElboTerms(likelihood.LogProbability(output, x), GaussianKl.PerDimension(mean, logVariance), mean, logVariance, z, output);
    }
}
