using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>How the ELBO pass draws z from q(z|x).</summary>
public enum LatentSampling
{
    /// <summary><c>rsample()</c>: a differentiable function of q's parameters (for a Gaussian z = μ + σ·ε: the reparameterization trick).</summary>
    Reparameterized,

    /// <summary><c>sample()</c>: z drawn under no-grad, so no gradient reaches the encoder through z (notebook 03's cut).</summary>
    Detached,
}

/// <summary>
/// The forward pass of every latent-variable model, written once: q = q(z|x), draw z from q (rsample or sample), score
/// log p(x|z) under the likelihood at z, and take KL(q ‖ p(z)) from the <see cref="Kl"/> registry (closed form where one is
/// registered, else a one-sample Monte Carlo estimate that says so). Reports the terms log_likelihood and kl, plus any
/// model-specific terms, with the distributions in <see cref="ModelOutput.Latent"/>.
/// </summary>
public static class ElboPass
{
    /// <param name="model">The model.</param>
    /// <param name="x">A batch [N, …].</param>
    /// <param name="sampling">rsample (default) or sample.</param>
    /// <param name="posterior">q(z|x) when the model has already computed it (e.g. with the quantiser's losses).</param>
    /// <param name="otherTerms">Model-specific per-example terms (e.g. VQ-VAE's codebook and commitment losses).</param>
    public static ModelOutput Run(ILatentVariableModel model, Tensor x, LatentSampling sampling = LatentSampling.Reparameterized,
        Distribution? posterior = null, IEnumerable<KeyValuePair<Term, Tensor>>? otherTerms = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var q = posterior ?? model.Posterior(x);
        var z = sampling == LatentSampling.Reparameterized ? q.rsample() : q.sample();
        var likelihood = model.Likelihood(z);
        var prior = model.Prior;
        var kl = Kl.Divergence(q, prior, z);
        var terms = new Dictionary<Term, Tensor>
        {
            [Term.LogLikelihood] = likelihood.log_prob(model.Observed(x)),
            [Term.Kl] = kl.Total,
        };
        foreach (var (term, value) in otherTerms ?? [])
        {
            if (term.IsElboTerm) throw new ArgumentException($"'{term}' is computed by the ELBO pass itself; report other terms only.");
            terms.Add(term, value);
        }
        return new ModelOutput(terms, new LatentOutput(q, prior, z, likelihood, kl));
    }
}
