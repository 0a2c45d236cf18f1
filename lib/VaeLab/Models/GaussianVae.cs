using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>How the model draws z from q(z|x) in <see cref="GaussianVae.forward"/>.</summary>
public enum LatentSampling
{
    /// <summary><c>rsample()</c>: z = μ + σ·ε, a differentiable function of μ and σ (the reparameterization trick).</summary>
    Reparameterized,

    /// <summary><c>sample()</c>: z drawn under no-grad, so no gradient reaches the encoder through z (notebook 03's cut).</summary>
    Detached,
}

/// <summary>
/// A VAE with a diagonal-Gaussian encoder q(z|x) = N(μ, diag σ²), a standard-normal prior and a decoder whose output
/// parameterises p(x|z). Evaluation, figures and the importance-weighted bound work on this contract, whatever the
/// networks are.
/// </summary>
public interface IGaussianVae
{
    /// <summary>Size of the latent code z.</summary>
    int LatentSize { get; }

    /// <summary>p(x|z): what the decoder's output parameterises.</summary>
    DecoderLikelihood Likelihood { get; }

    /// <summary>Encodes a batch [N, ...] into μ and log σ², each [N, LatentSize].</summary>
    (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    /// <summary>Decodes latents [N, LatentSize] (or [K, N, LatentSize]) into decoder outputs.</summary>
    Tensor Decode(Tensor z);
}

/// <summary>
/// The forward pass every Gaussian VAE shares, written once: encode, sample z from q(z|x) (rsample or sample, see
/// <see cref="Sampling"/>), decode, and report log p(x|z) and the closed-form KL per dimension. Subclasses supply
/// the networks (<see cref="Encode"/>, <see cref="Decode"/>).
/// </summary>
public abstract class GaussianVae : nn.Module<Tensor, ModelOutput>, IGaussianVae, IValidatesData
{
    protected GaussianVae(string name) : base(name) { }

    public abstract int LatentSize { get; }

    public abstract DecoderLikelihood Likelihood { get; }

    /// <summary>Reparameterized (default) or detached sampling of z during the forward pass.</summary>
    public LatentSampling Sampling { get; set; } = LatentSampling.Reparameterized;

    public abstract (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    public abstract Tensor Decode(Tensor z);

    /// <summary>Refuses data the likelihood cannot score (e.g. pixels outside [0, 1] for a Bernoulli decoder).</summary>
    public void ValidateData(Tensor data, string what) => Likelihood.ValidateTargets(data, what);

    public override ModelOutput forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var z = Sampling == LatentSampling.Reparameterized ? posterior.rsample() : posterior.sample();
        var output = Decode(z);
        var klPerDimension = GaussianKl.ToStandardNormal(posterior);
        var terms = new Dictionary<string, Tensor>
        {
            [TermNames.LogLikelihood] = Likelihood.LogProbability(output, x),
            [TermNames.Kl] = GaussianKl.Total(klPerDimension),
        };
        return new ModelOutput(terms) { Posterior = posterior, Latent = z, KlPerDimension = klPerDimension, DecoderOutput = output };
    }
}
