namespace VaeLab.Models;

/// <summary>The shape of one image: channels, height, width (MNIST 1×28×28, the sprites 1×32×32).</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public static ImageShape Mnist { get; } = new(1, 28, 28);

    public int Size => Channels * Height * Width;

    public long[] With(long leading) => [leading, Channels, Height, Width];

    public void Validate()
    {
        if (Channels < 1 || Height < 1 || Width < 1)
            throw new ArgumentException($"An image shape needs positive channels, height and width; got {this}.");
    }

    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
