using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// An autoencoder with a discrete latent: every image becomes a grid of code indices in [0, K), and any such grid can
/// be decoded. VQ-VAE (<see cref="VqVae"/>) and FSQ (<see cref="FsqAutoencoder"/>) implement it, so usage statistics,
/// learned priors and sample grids work for both.
/// </summary>
public interface IDiscreteCodeModel
{
    /// <summary>K, the number of codes.</summary>
    long CodebookSize { get; }

    /// <summary>Height and width of the code grid (7 × 7 for 28 × 28 images).</summary>
    (int Height, int Width) CodeGrid { get; }

    /// <summary>p(x|z) of the decoder.</summary>
    DecoderLikelihood Likelihood { get; }

    /// <summary>The code index of every grid position, int64 [N, H, W], without gradient.</summary>
    Tensor EncodeToCodes(Tensor x);

    /// <summary>The decoder's output (e.g. Bernoulli logits) [N, C, H, W] for code grids [N, H, W] or [N, H·W].</summary>
    Tensor DecodeCodes(Tensor codes);
}
