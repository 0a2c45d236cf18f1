using static TorchSharp.torch;

namespace VaeLab.Plotting;

/// <summary>Labelled image grids for comparing models row by row (notebook 07's reconstructions and samples).</summary>
public static class CodeFigures
{
    /// <summary>
    /// One grid row per entry, labelled at the left: e.g. ("input", x), ("Gaussian VAE", …), ("VQ-VAE", …). Every entry
    /// holds the same number of images ([n, …], intensities in [0, 1]); that number is the column count.
    /// </summary>
    public static ImageGrid Rows(IReadOnlyList<(string Label, Tensor Images)> rows, string title, int scale = 2)
    {
        if (rows.Count == 0) throw new ArgumentException("Give at least one row.");
        var columns = rows[0].Images.shape[0];
        if (columns < 1 || rows.Any(r => r.Images.shape[0] != columns))
            throw new ArgumentException($"Every row needs the same positive number of images; got {string.Join(", ", rows.Select(r => r.Images.shape[0]))}.");
        using var scope = NewDisposeScope();
        var images = cat(rows.Select(r => r.Images.detach().reshape(columns, -1).to_type(ScalarType.Float32).cpu()).ToList(), 0);
        return ImageGrid.From(images, columns: (int)columns, scale: scale, title: title, rowLabels: rows.Select(r => r.Label).ToList());
    }
}
