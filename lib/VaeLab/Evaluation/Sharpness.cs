using TorchSharp;
using VaeLab.Data;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// How sharp an image is, as one number per image: the variance of its Laplacian (the focus measure of Pech-Pacheco
/// et al. 2000). The discrete Laplacian [[0, 1, 0], [1, −4, 1], [0, 1, 0]] responds to edges and fine texture and is 0
/// on flat or linearly shaded regions; blurring spreads each edge over more pixels and lowers every response, so the
/// variance falls. It is taken over the interior pixels only (no padding), so a border adds no edge of its own. Pure
/// noise scores far higher than any real image: sharpness alone is not quality, which is why notebook 09 pairs it with
/// a distribution metric (<see cref="FrechetDistance"/>).
/// </summary>
public static class Sharpness
{
    /// <summary>The variance of the Laplacian of each image, [N]. Images are [N, H, W], [N, 1, H, W] or [N, D] with D a square.</summary>
    public static Tensor LaplacianVariance(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var square = SquareImages.Of(images, "LaplacianVariance");
        if (square.shape[2] < 3) throw new ArgumentException($"Images need at least 3×3 pixels for a 3×3 Laplacian; got {square.shape[2]}×{square.shape[3]}.");
        var kernel = tensor(new[] { 0f, 1f, 0f, 1f, -4f, 1f, 0f, 1f, 0f }, [1, 1, 3, 3]).to_type(square.dtype).to(square.device);
        var laplacian = nn.functional.conv2d(square, kernel).flatten(1);
        return laplacian.var(1).MoveToOuterDisposeScope();
    }

    /// <summary>The mean over images of <see cref="LaplacianVariance"/>.</summary>
    public static double Mean(Tensor images)
    {
        using var values = LaplacianVariance(images);
        return values.to_type(ScalarType.Float64).mean().item<double>();
    }
}
