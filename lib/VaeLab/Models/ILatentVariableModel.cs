using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A latent-variable model written in distributions, as in Pyro and torch.distributions: the posterior q(z|x), the prior
/// p(z) and the likelihood p(x|z) are <see cref="Distribution"/> objects. The ELBO pass (<see cref="ElboPass"/>), the
/// importance-weighted bound, the evaluation and the figures are written once on this contract, for Gaussian, categorical,
/// autoregressive, graph and discrete-code models alike.
/// </summary>
public interface ILatentVariableModel
{
    /// <summary>q(z|x) for a batch [N, …].</summary>
    Distribution Posterior(Tensor x);

    /// <summary>p(z). It belongs to the model: callers do not dispose it.</summary>
    Distribution Prior { get; }

    /// <summary>p(x|z) for latents [N, …] or, with K samples per example, [K, N, …] (its log_prob then gives [K, N]).</summary>
    Distribution Likelihood(Tensor z);

    /// <summary>
    /// The data p(x|z) scores for the model input <paramref name="x"/>: x itself, except for a model whose input is not what
    /// it generates (the graph autoencoder reads node features and generates the adjacency).
    /// </summary>
    Tensor Observed(Tensor x) => x;
}
