using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A VAE with a diagonal-Gaussian encoder q(z|x) = N(μ, diag σ²) and a decoder that returns the parameters of
/// p(x|z) (logits for a Bernoulli decoder). Gradient estimators, losses and the training loop work on this
/// contract, so they do not care whether the networks are MLPs or convolutions.
/// </summary>
public interface IGaussianVae
{
    /// <summary>Size of the latent code z.</summary>
    int LatentSize { get; }

    /// <summary>Encodes a batch [N, ...] into μ and log σ², each [N, LatentSize].</summary>
    (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    /// <summary>Decodes latents [N, LatentSize] (or [K, N, LatentSize]) into decoder outputs shaped like x.</summary>
    Tensor Decode(Tensor z);
}
