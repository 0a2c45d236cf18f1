using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// A Gaussian blur of grey-scale images: a separable kernel exp(−d² / 2σ²) over ±⌈3σ⌉ pixels, normalised to sum 1,
/// with the border reflected (so a blurred image keeps its mean brightness). Notebook 09 blurs test images by a growing
/// σ to check that its sample-quality metric ranks blurrier copies worse.
/// </summary>
public static class GaussianBlur
{
    /// <summary>A blurred copy of <paramref name="images"/>, in the same shape ([N, S, S], [N, 1, S, S] or [N, S·S]);
    /// σ in pixels, 0 returns a copy.</summary>
    public static Tensor Apply(Tensor images, double sigma)
    {
        if (!(sigma >= 0) || !double.IsFinite(sigma)) throw new ArgumentException($"The blur σ must be a finite number of pixels ≥ 0; got {sigma}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var square = SquareImages.Of(images, "GaussianBlur");
        if (sigma == 0) return images.clone().MoveToOuterDisposeScope();
        var radius = (int)Math.Ceiling(3 * sigma);
        if (radius >= square.shape[2])
            throw new ArgumentException($"A blur of σ = {sigma} reaches {radius} pixels, more than the {square.shape[2]}-pixel image can reflect; use a smaller σ.");
        var offsets = arange(-radius, radius + 1, dtype: ScalarType.Float64);
        var weights = (-(offsets * offsets) / (2 * sigma * sigma)).exp();
        weights = (weights / weights.sum()).to_type(square.dtype).to(square.device);
        var padded = nn.functional.pad(square, [radius, radius, radius, radius], PaddingModes.Reflect);
        var rows = nn.functional.conv2d(padded, weights.reshape(1, 1, 1, -1));
        var blurred = nn.functional.conv2d(rows, weights.reshape(1, 1, -1, 1));
        return blurred.reshape(images.shape).MoveToOuterDisposeScope();
    }
}
