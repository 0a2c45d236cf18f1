using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Plotting;

/// <summary>
/// A grid of greyscale images encoded as PNG, so it shows the same in VS Code, Jupyter and on GitHub.
/// In a notebook, ending a cell with an <see cref="ImageGrid"/> displays the picture.
/// </summary>
public sealed class ImageGrid
{
    private ImageGrid(byte[] png, int width, int height, string? title)
    {
        Png = png;
        Width = width;
        Height = height;
        Title = title;
    }

    public byte[] Png { get; }
    public int Width { get; }
    public int Height { get; }
    public string? Title { get; }

    /// <summary>
    /// Lays out images row by row. <paramref name="images"/> is [N, H, W], [N, 1, H, W] or [N, D] with D a square
    /// (784 = 28×28); values are intensities in [0, 1] (clamped).
    /// </summary>
    public static ImageGrid From(Tensor images, int columns = 10, int scale = 2, int padding = 2, string? title = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);

        using var scope = NewDisposeScope();
        var square = ToSquare(images);
        var (count, side) = ((int)square.shape[0], (int)square.shape[1]);
        var pixels = square.clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).cpu().data<byte>().ToArray();

        columns = Math.Min(columns, count);
        var rows = (count + columns - 1) / columns;
        var cell = side * scale + padding;
        var width = columns * cell + padding;
        var height = rows * cell + padding;

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var target = bitmap.GetPixelSpan();
        target.Fill(64); // dark grey gutters separate the digits
        for (var n = 0; n < count; n++)
        {
            var (top, left) = (padding + n / columns * cell, padding + n % columns * cell);
            for (var y = 0; y < side * scale; y++)
            for (var x = 0; x < side * scale; x++)
                target[(top + y) * width + left + x] = pixels[n * side * side + y / scale * side + x / scale];
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return new ImageGrid(data.ToArray(), width, height, title);
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, Png);
        File.Move(temporary, path, overwrite: true);
    }

    public string ToBase64() => Convert.ToBase64String(Png);

    public string ToHtml() =>
        (Title is null ? "" : $"<div><b>{System.Net.WebUtility.HtmlEncode(Title)}</b></div>") +
        $"<img src=\"data:image/png;base64,{ToBase64()}\" width=\"{Width}\" height=\"{Height}\" style=\"image-rendering: pixelated\"/>";

    private static Tensor ToSquare(Tensor images)
    {
        var shape = images.shape;
        switch (shape.Length)
        {
            case 2:
                var side = (long)Math.Round(Math.Sqrt(shape[1]));
                if (side * side != shape[1])
                    throw new ArgumentException($"A [N, D] batch needs D to be a square (784 = 28×28); got D = {shape[1]}.");
                return images.reshape(shape[0], side, side);
            case 3 when shape[1] == shape[2]:
                return images;
            case 4 when shape[1] == 1 && shape[2] == shape[3]:
                return images.squeeze(1);
            default:
                throw new ArgumentException(
                    $"Expected images shaped [N, H, W], [N, 1, H, W] or [N, D] with square images; got [{string.Join(", ", shape)}].");
        }
    }
}
