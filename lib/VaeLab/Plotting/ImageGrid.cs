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
    /// (784 = 28×28); values are intensities in [0, 1] (clamped). The title, row labels (one per grid row, drawn at the
    /// left) and column labels (one per column, drawn above) are drawn into the picture itself, so they survive
    /// wherever the PNG goes (GitHub, a report, a slide).
    /// </summary>
    public static ImageGrid From(Tensor images, int columns = 10, int scale = 2, int padding = 2, string? title = null,
        IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null)
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
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"Give one row label per grid row: {rows} rows, {rowLabels.Count} labels.");
        if (columnLabels is not null && columnLabels.Count != columns)
            throw new ArgumentException($"Give one column label per grid column: {columns} columns, {columnLabels.Count} labels.");
        var cell = side * scale + padding;
        var gridWidth = columns * cell + padding;
        var gridHeight = rows * cell + padding;

        using var font = Labels.Font(13);
        using var titleFont = Labels.Font(15, bold: true);
        var left = rowLabels is null ? 0 : (int)Math.Ceiling(rowLabels.Max(l => font.MeasureText(l))) + 10;
        var titleHeight = title is null ? 0 : 24;
        var columnHeight = columnLabels is null ? 0 : 18;
        var top = titleHeight + columnHeight;
        var width = Math.Max(left + gridWidth, title is null ? 0 : (int)Math.Ceiling(titleFont.MeasureText(title)) + 12);
        var height = top + gridHeight;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var grid = new SKBitmap(new SKImageInfo(gridWidth, gridHeight, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            var target = grid.GetPixelSpan();
            target.Fill(64); // dark grey gutters separate the images
            for (var n = 0; n < count; n++)
            {
                var (cellTop, cellLeft) = (padding + n / columns * cell, padding + n % columns * cell);
                for (var y = 0; y < side * scale; y++)
                for (var x = 0; x < side * scale; x++)
                    target[(cellTop + y) * gridWidth + cellLeft + x] = pixels[n * side * side + y / scale * side + x / scale];
            }
            canvas.DrawBitmap(grid, left, top);
        }
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        if (title is not null) canvas.DrawText(title, 6, 17, SKTextAlign.Left, titleFont, ink);
        for (var c = 0; c < (columnLabels?.Count ?? 0); c++)
            canvas.DrawText(columnLabels![c], left + padding + c * cell + side * scale / 2f, titleHeight + 13, SKTextAlign.Center, font, ink);
        for (var r = 0; r < (rowLabels?.Count ?? 0); r++)
            canvas.DrawText(rowLabels![r], left - 5, top + padding + r * cell + side * scale / 2f + 5, SKTextAlign.Right, font, ink);

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return new ImageGrid(data.ToArray(), width, height, title);
    }

    public void Save(string path) => VaeLab.Common.AtomicFile.WriteAllBytes(path, Png);

    public string ToBase64() => Convert.ToBase64String(Png);

    public string ToHtml() =>
        $"<img alt=\"{System.Net.WebUtility.HtmlEncode(Title ?? "image grid")}\" src=\"data:image/png;base64,{ToBase64()}\" width=\"{Width}\" height=\"{Height}\" style=\"image-rendering: pixelated\"/>";

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
