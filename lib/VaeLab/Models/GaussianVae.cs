using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A latent-variable model with a diagonal-Gaussian q(z|x) = N(μ, diag σ²), the prior N(0, I) and a decoder of z alone
/// whose output parameterises p(x|z). Besides the distributions it exposes the networks themselves (μ and log σ² from
/// <see cref="Encode"/>, the decoder output from <see cref="Decode"/>), which notebook 03's gradient probes and the latent
/// traversals read.
/// </summary>
public interface IGaussianVae : ILatentVariableModel
{
    /// <summary>Size of the latent code z.</summary>
    int LatentSize { get; }

    /// <summary>Which distribution the decoder's output parameterises (p(x|z) is <c>Likelihood(z)</c>).</summary>
    DecoderLikelihood DecoderLikelihood { get; }

    /// <summary>Encodes a batch [N, ...] into μ and log σ², each [N, LatentSize].</summary>
    (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    /// <summary>Decodes latents [N, LatentSize] (or [K, N, LatentSize]) into decoder outputs.</summary>
    Tensor Decode(Tensor z);
}

/// <summary>
/// A Gaussian VAE in distributions: q(z|x) = <see cref="DiagonalNormal"/> from the encoder, p(z) = N(0, I), and
/// p(x|z) = <see cref="PixelLikelihood"/> on the decoder's output; the forward pass is the one <see cref="ElboPass"/>.
/// Subclasses supply the networks (<see cref="Encode"/>, <see cref="Decode"/>) and the decoder likelihood.
/// </summary>
public abstract class GaussianVae : LatentVariableModel, IGaussianVae, IValidatesData
{
    private StandardNormal? prior;

    protected GaussianVae(string name) : base(name) { }

    public abstract int LatentSize { get; }

    public abstract DecoderLikelihood DecoderLikelihood { get; }

    public abstract (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    public abstract Tensor Decode(Tensor z);

    public override Distribution Posterior(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        return DiagonalNormal.FromLogVariance(mean, logVariance);
    }

    public override Distribution Prior => prior ??= new StandardNormal(LatentSize);

    public override Distribution Likelihood(Tensor z) => new PixelLikelihood(DecoderLikelihood, Decode(z));

    /// <summary>Refuses data the likelihood cannot score (e.g. pixels outside [0, 1] for a Bernoulli decoder).</summary>
    public void ValidateData(Tensor data, string what) => DecoderLikelihood.ValidateTargets(data, what);
}
