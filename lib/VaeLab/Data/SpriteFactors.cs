namespace VaeLab.Data;

/// <summary>Reads the factor table of a sprite data set.</summary>
public static class SpriteFactors
{
    /// <summary>The sprites' factor indices as int[N, 5] with the names shape, scale, rotation, x, y and the grid's sizes.</summary>
    public static FactorTable ToFactorTable(this SpriteDataset sprites)
    {
        ArgumentNullException.ThrowIfNull(sprites);
        var flat = sprites.FactorIndices.data<long>().ToArray();
        var columns = SpriteGrid.FactorCount;
        var indices = new int[flat.Length / columns, columns];
        for (var i = 0; i < flat.Length; i++) indices[i / columns, i % columns] = (int)flat[i];
        return new FactorTable(indices, sprites.FactorNames, sprites.FactorSizes);
    }
}
