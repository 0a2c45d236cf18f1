using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// The input perturbation of Ren et al. 2019 ("Likelihood Ratios for Out-of-Distribution Detection", section 3.1):
/// each pixel is, independently with probability μ, replaced by a grey level drawn uniformly from the 256 values
/// k/255. A model trained on such images learns the background statistics (how many dark pixels, how smooth) but
/// loses much of the semantic structure, which is what the likelihood ratio against it removes.
/// </summary>
public static class PixelPerturbation
{
    /// <summary>
    /// A perturbed copy of <paramref name="images"/> (values in [0, 1], any shape [N, ...]); the originals are
    /// untouched. <paramref name="rate"/> μ in [0, 1] (Ren et al. use 0.1–0.3 for Fashion-MNIST). Deterministic in
    /// <paramref name="generator"/>.
    /// </summary>
    public static Tensor ReplacePixels(Tensor images, double rate, Generator generator)
    {
        if (!(rate >= 0 && rate <= 1)) throw new ArgumentException($"The replacement rate must lie in [0, 1]; got {rate}.");
        if (!images.is_floating_point()) throw new ArgumentException($"Images must be floating point in [0, 1]; got dtype {images.dtype}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var replace = rand(images.shape, generator: generator, dtype: images.dtype) < rate;
        var noise = randint(0, 256, images.shape, generator: generator, dtype: images.dtype) / 255.0;
        return where(replace, noise, images).MoveToOuterDisposeScope();
    }
}
