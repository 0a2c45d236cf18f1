using VaeLab.Data;

namespace VaeLab.Tests.Data;

public sealed class SpriteFactorsTests
{
    [Fact]
    public void A_finer_grid_has_the_requested_factor_counts()
    {
        var grid = new SpriteGrid(Rotations: 12, PositionsX: 16, PositionsY: 16);
        Assert.Equal([3, 4, 12, 16, 16], grid.FactorSizes);
        Assert.Equal(3 * 4 * 12 * 16 * 16, grid.Count);
        Assert.Equal([0, 0, 11, 0, 15], grid.IndicesOf(11 * 256 + 15));
        // The default grid is unchanged.
        Assert.Equal([3, 4, 8, 8, 8], new SpriteGrid().FactorSizes);
    }

    [Fact]
    public void On_a_finer_grid_every_rotation_and_position_gives_a_different_image()
    {
        var grid = new SpriteGrid(Rotations: 12, PositionsX: 16, PositionsY: 16);
        for (var shape = 0; shape < 3; shape++)
        {
            using var rotations = Sprites.FromIndices(Enumerable.Range(0, 12).Select(r => new[] { shape, 3, r, 8, 8 }).ToList(), grid);
            using var positions = Sprites.FromIndices(Enumerable.Range(0, 16).Select(x => new[] { shape, 0, 0, x, 8 }).ToList(), grid);
            for (var a = 0; a < 12; a++)
                for (var b = a + 1; b < 12; b++)
                    Assert.False(rotations.Images[a].equal(rotations.Images[b]).all().item<bool>(), $"shape {shape}, rotations {a} and {b}");
            for (var a = 0; a < 15; a++)
                Assert.False(positions.Images[a].equal(positions.Images[a + 1]).all().item<bool>(), $"shape {shape}, x {a} and {a + 1}");
        }
    }

    [Fact]
    public void The_factor_table_holds_each_sprites_indices_names_and_sizes()
    {
        var grid = new SpriteGrid(Rotations: 10, PositionsX: 16, PositionsY: 16);
        using var sprites = Sprites.Sample(300, seed: 5, grid);
        var table = sprites.ToFactorTable();
        Assert.Equal(300, table.Count);
        Assert.Equal(["shape", "scale", "rotation", "x", "y"], table.Names);
        Assert.Equal([3, 4, 10, 16, 16], table.Sizes);
        var expected = sprites.FactorIndices.data<long>().ToArray();
        for (var i = 0; i < 300; i++)
            for (var k = 0; k < 5; k++) Assert.Equal(expected[i * 5 + k], table.Indices[i, k]);
        for (var k = 0; k < 5; k++)
            Assert.Equal(table.Sizes[k] - 1, Enumerable.Range(0, 300).Max(i => table.Indices[i, k]));
    }
}
