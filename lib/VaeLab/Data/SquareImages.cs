using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>Grey-scale image batches in the one layout convolutions take, [N, 1, S, S].</summary>
public static class SquareImages
{
    /// <summary>[N, 1, S, S] from [N, S, S], [N, 1, S, S] or [N, S·S] (a view where possible); a one-line error naming
    /// <paramref name="who"/> for anything else.</summary>
    public static Tensor Of(Tensor images, string who)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!images.is_floating_point()) throw new ArgumentException($"{who}: images must be floating point; got {images.dtype}.");
        var shape = images.shape;
        if (images.dim() == 4 && shape[1] == 1 && shape[2] == shape[3]) return images.alias();
        if (images.dim() == 3 && shape[1] == shape[2]) return images.unsqueeze(1);
        if (images.dim() == 2)
        {
            var side = (long)Math.Round(Math.Sqrt(shape[1]));
            if (side * side == shape[1]) return images.reshape(shape[0], 1, side, side);
        }
        throw new ArgumentException($"{who}: give square grey-scale images [N, S, S], [N, 1, S, S] or [N, S·S]; got [{string.Join(", ", shape)}].");
    }
}
