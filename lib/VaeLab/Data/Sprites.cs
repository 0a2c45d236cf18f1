using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// A dSprites-like image set generated on the CPU in a fraction of a second: square, ellipse or heart at
/// <see cref="SpriteGrid.Scales"/> scales, <see cref="SpriteGrid.Rotations"/> rotations and an x × y grid of positions,
/// 32×32 binary by default (3 × 4 × 8 × 8 × 8 = 6,144 images). For β-VAE disentanglement metrics such as MIG,
/// which need the true factors of every image.
/// </summary>
public static class Sprites
{
    /// <summary>Every combination of factor values once, in <see cref="SpriteGrid"/>'s row-major order.</summary>
    public static SpriteDataset FullGrid(SpriteGrid? grid = null)
    {
        grid ??= new SpriteGrid();
        grid.Validate();
        var indices = new int[grid.Count][];
        for (var i = 0; i < indices.Length; i++) indices[i] = grid.IndicesOf(i);
        return Build($"Sprites (full grid {string.Join("×", grid.FactorSizes)})", grid, indices);
    }

    /// <summary><paramref name="count"/> sprites with factor indices drawn uniformly and independently by System.Random(seed).</summary>
    public static SpriteDataset Sample(int count, int seed, SpriteGrid? grid = null)
    {
        grid ??= new SpriteGrid();
        grid.Validate();
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Count must be at least 1.");
        var random = new Random(seed);
        var sizes = grid.FactorSizes;
        var indices = new int[count][];
        for (var i = 0; i < count; i++)
        {
            indices[i] = new int[SpriteGrid.FactorCount];
            for (var f = 0; f < SpriteGrid.FactorCount; f++) indices[i][f] = random.Next(sizes[f]);
        }
        return Build($"Sprites ({count:N0} sampled with seed {seed})", grid, indices);
    }

    /// <summary>
    /// The sprites with the given factor indices (each row: shape, scale, rotation, x, y), e.g. a traversal that
    /// varies one factor and holds the others.
    /// </summary>
    public static SpriteDataset FromIndices(IReadOnlyList<int[]> indices, SpriteGrid? grid = null)
    {
        grid ??= new SpriteGrid();
        grid.Validate();
        if (indices.Count < 1) throw new ArgumentException("Give at least one row of factor indices.", nameof(indices));
        foreach (var row in indices) grid.CheckIndices(row);
        return Build($"Sprites ({indices.Count:N0} chosen)", grid, indices);
    }

    private static SpriteDataset Build(string name, SpriteGrid grid, IReadOnlyList<int[]> indices)
    {
        var n = indices.Count;
        var pixels = grid.ImageSize * grid.ImageSize;
        var bytes = new byte[n * pixels];
        var flatIndices = new long[n * SpriteGrid.FactorCount];
        var values = new float[n * SpriteGrid.FactorCount];
        Parallel.For(0, n, i =>
        {
            var row = indices[i];
            var v = grid.Values(row);
            SpriteRenderer.Render((SpriteShape)row[0], v[1], v[2], v[3], v[4], grid, bytes.AsSpan(i * pixels, pixels));
            for (var f = 0; f < SpriteGrid.FactorCount; f++)
            {
                flatIndices[i * SpriteGrid.FactorCount + f] = row[f];
                values[i * SpriteGrid.FactorCount + f] = (float)v[f];
            }
        });
        using var byteImages = torch.tensor(bytes, [n, 1, grid.ImageSize, grid.ImageSize]);
        return new SpriteDataset(name, grid,
            byteImages.to_type(ScalarType.Float32),
            torch.tensor(flatIndices, [n, SpriteGrid.FactorCount]),
            torch.tensor(values, [n, SpriteGrid.FactorCount]));
    }
}
