using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>The shape of one image: channels, height, width (MNIST 1×28×28, the sprites 1×32×32).</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public static ImageShape Mnist { get; } = new(1, 28, 28);

    public int Size => Channels * Height * Width;

    public long[] With(long leading) => [leading, Channels, Height, Width];

    /// <summary>
    /// A batch of these images, [N, C, H, W] or flattened [N, C·H·W], as [N, C, H, W]; anything else is a one-line error
    /// naming <paramref name="reader"/> (checked here: a wrong shape inside a native convolution aborts the process).
    /// </summary>
    public Tensor Batch(Tensor x, string reader)
    {
        if (x.dim() >= 1 && x.shape[0] > 0 && x.numel() == x.shape[0] * Size)
            return x.reshape(With(x.shape[0]));
        throw new ArgumentException(
            $"{reader} expects images of shape {this} ([N, {Channels}, {Height}, {Width}] or [N, {Size}]); got [{string.Join(", ", x.shape)}].");
    }

    public void Validate()
    {
        if (Channels < 1 || Height < 1 || Width < 1)
            throw new ArgumentException($"An image shape needs positive channels, height and width; got {this}.");
    }

    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
