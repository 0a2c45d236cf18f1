using TorchSharp;
using VaeLab.Data;
using static TorchSharp.torch;

namespace VaeLab.Tests.Data;

public sealed class SpritesTests
{
    private static readonly SpriteGrid Grid = new();

    /// <summary>Mean column and row of the lit pixels, and how many there are.</summary>
    private static (double X, double Y, int Lit) Centroid(SpriteDataset sprites, int i)
    {
        var size = sprites.Grid.ImageSize;
        var pixels = sprites.Images[i].flatten().data<float>().ToArray();
        double sx = 0, sy = 0;
        var lit = 0;
        for (var p = 0; p < pixels.Length; p++)
        {
            if (pixels[p] == 0) continue;
            sx += p % size;
            sy += p / size;
            lit++;
        }
        return (sx / lit, sy / lit, lit);
    }

    private static SpriteDataset Traverse(int factor, int[] baseIndices)
    {
        var rows = Enumerable.Range(0, Grid.FactorSizes[factor]).Select(v =>
        {
            var row = (int[])baseIndices.Clone();
            row[factor] = v;
            return row;
        }).ToList();
        return Sprites.FromIndices(rows, Grid);
    }

    [Fact]
    public void Full_grid_has_every_combination_once_with_binary_images()
    {
        using var sprites = Sprites.FullGrid();
        Assert.Equal(3 * 4 * 8 * 8 * 8, Grid.Count);
        Assert.Equal([(long)Grid.Count, 1, 32, 32], sprites.Images.shape);
        Assert.Equal([(long)Grid.Count, 5], sprites.FactorIndices.shape);
        Assert.Equal(ScalarType.Float32, sprites.Images.dtype);
        Assert.Equal(ScalarType.Int64, sprites.FactorIndices.dtype);
        Assert.Equal(ScalarType.Float32, sprites.FactorValues.dtype);
        Assert.True(sprites.Images.eq(0).logical_or(sprites.Images.eq(1)).all().item<bool>());
        // Row-major, y fastest: row 1 differs from row 0 only in y.
        Assert.Equal([0L, 0, 0, 0, 1], sprites.FactorIndices[1].data<long>().ToArray());
        var indices = sprites.FactorIndices.data<long>().ToArray();
        var distinct = Enumerable.Range(0, Grid.Count).Select(i => string.Join(",", indices.Skip(i * 5).Take(5))).Distinct().Count();
        Assert.Equal(Grid.Count, distinct);
        // Every sprite is visible and never touches the border (the position range keeps it inside).
        var perImage = sprites.Images.sum(dim: [1, 2, 3]);
        Assert.True(perImage.min().item<float>() >= 4);
        using var edges = torch.cat([sprites.Images[.., 0, 0, ..], sprites.Images[.., 0, -1, ..], sprites.Images[.., 0, .., 0], sprites.Images[.., 0, .., -1]], 1);
        Assert.Equal(0f, edges.sum().item<float>());
    }

    [Fact]
    public void Grid_index_round_trips()
    {
        for (var i = 0; i < Grid.Count; i += 97)
            Assert.Equal(i, Grid.FlatIndex(Grid.IndicesOf(i)));
        using var sprites = Sprites.FullGrid();
        var k = Grid.FlatIndex([2, 3, 5, 1, 6]);
        Assert.Equal([2L, 3, 5, 1, 6], sprites.FactorIndices[k].data<long>().ToArray());
        var values = sprites.FactorValues[k].data<float>().ToArray();
        Assert.Equal(2f, values[0]);
        Assert.Equal(1f, values[1], 5);
        Assert.Equal((float)(5 * Math.PI / 16), values[2], 5);
        Assert.Equal(1f / 7, values[3], 5);
        Assert.Equal(6f / 7, values[4], 5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void X_position_moves_the_lit_pixels_right_and_y_moves_them_down(int shape)
    {
        using var alongX = Traverse(3, [shape, 2, 3, 0, 4]);
        using var alongY = Traverse(4, [shape, 2, 3, 4, 0]);
        for (var i = 1; i < Grid.PositionsX; i++)
        {
            Assert.True(Centroid(alongX, i).X > Centroid(alongX, i - 1).X + 1, $"x step {i}");
            Assert.InRange(Centroid(alongX, i).Y - Centroid(alongX, 0).Y, -0.5, 0.5);
        }
        for (var i = 1; i < Grid.PositionsY; i++)
            Assert.True(Centroid(alongY, i).Y > Centroid(alongY, i - 1).Y + 1, $"y step {i}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Scale_grows_the_area(int shape)
    {
        using var sprites = Traverse(1, [shape, 0, 0, 3, 3]);
        for (var i = 1; i < Grid.Scales; i++)
            Assert.True(Centroid(sprites, i).Lit > Centroid(sprites, i - 1).Lit, $"scale step {i}");
        // Area grows with the square of the scale (0.5 → 1: about 4×, up to pixel rounding).
        Assert.InRange(Centroid(sprites, Grid.Scales - 1).Lit / (double)Centroid(sprites, 0).Lit, 2.5, 6.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_rotation_gives_a_different_image(int shape)
    {
        using var sprites = Traverse(2, [shape, 3, 0, 3, 3]);
        for (var a = 0; a < Grid.Rotations; a++)
            for (var b = a + 1; b < Grid.Rotations; b++)
                Assert.False(sprites.Images[a].equal(sprites.Images[b]).all().item<bool>(), $"rotations {a} and {b}");
    }

    [Fact]
    public void Shapes_differ_and_the_ellipse_is_elongated()
    {
        using var sprites = Traverse(0, [0, 3, 0, 3, 3]);
        var lit = Enumerable.Range(0, 3).Select(i => Centroid(sprites, i).Lit).ToArray();
        Assert.Equal(3, lit.Distinct().Count());
        // Unrotated ellipse: semi-axes 1 and 1/2, so its rows span about half its columns.
        var ellipse = sprites.Images[1, 0];
        var columns = ellipse.sum(dim: 0).gt(0).sum().item<long>();
        var rows = ellipse.sum(dim: 1).gt(0).sum().item<long>();
        Assert.InRange(rows / (double)columns, 0.4, 0.6);
    }

    [Fact]
    public void Sampling_is_deterministic_per_seed_and_matches_rendering_by_index()
    {
        using var a = Sprites.Sample(200, seed: 7);
        using var b = Sprites.Sample(200, seed: 7);
        using var c = Sprites.Sample(200, seed: 8);
        Assert.True(a.Images.equal(b.Images).all().item<bool>());
        Assert.True(a.FactorIndices.equal(b.FactorIndices).all().item<bool>());
        Assert.False(a.FactorIndices.equal(c.FactorIndices).all().item<bool>());
        using var grid = Sprites.FullGrid();
        var row = a.FactorIndices[17].data<long>().Select(v => (int)v).ToArray();
        Assert.True(a.Images[17].equal(grid.Images[Grid.FlatIndex(row)]).all().item<bool>());
    }

    [Fact]
    public void Other_image_sizes_work()
    {
        using var sprites = Sprites.Sample(10, 1, new SpriteGrid(ImageSize: 64, Scales: 2, Rotations: 4, PositionsX: 4, PositionsY: 4));
        Assert.Equal([10L, 1, 64, 64], sprites.Images.shape);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_reasons()
    {
        Assert.Contains("between 16 and 128", Assert.Throws<ArgumentException>(() => Sprites.FullGrid(new SpriteGrid(ImageSize: 8))).Message);
        Assert.Contains("at least one value", Assert.Throws<ArgumentException>(() => Sprites.FullGrid(new SpriteGrid(Rotations: 0))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sprites.Sample(0, 1));
        Assert.Contains("5 factor indices", Assert.Throws<ArgumentException>(() => Sprites.FromIndices([[0, 0, 0]])).Message);
        Assert.Contains("rotation index 8", Assert.Throws<ArgumentOutOfRangeException>(() => Sprites.FromIndices([[0, 0, 8, 0, 0]])).Message);
    }
}
