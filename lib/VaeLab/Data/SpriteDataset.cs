using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// Synthetic sprites with known generative factors: binary images float32 [N, 1, S, S] (values 0 or 1), the factor
/// indices int64 [N, 5] and the factor values float32 [N, 5], columns in <see cref="SpriteGrid.FactorNames"/> order.
/// Owns its tensors.
/// </summary>
public sealed class SpriteDataset : IDisposable
{
    internal SpriteDataset(string name, SpriteGrid grid, Tensor images, Tensor factorIndices, Tensor factorValues)
    {
        Name = name;
        Grid = grid;
        Images = images;
        FactorIndices = factorIndices;
        FactorValues = factorValues;
    }

    public string Name { get; }

    public SpriteGrid Grid { get; }

    /// <summary>float32 [N, 1, S, S], 0 or 1.</summary>
    public Tensor Images { get; }

    /// <summary>int64 [N, 5]: index of each factor's value (discrete factors, as MIG needs).</summary>
    public Tensor FactorIndices { get; }

    /// <summary>float32 [N, 5]: shape index, scale in [0.5, 1], rotation in radians, x and y in [0, 1].</summary>
    public Tensor FactorValues { get; }

    public IReadOnlyList<string> FactorNames => SpriteGrid.FactorNames;

    public IReadOnlyList<int> FactorSizes => Grid.FactorSizes;

    public long Count => Images.shape[0];

    public override string ToString() => $"{Name}: {Count:N0} images of {Grid.ImageSize}×{Grid.ImageSize}";

    public void Dispose()
    {
        Images.Dispose();
        FactorIndices.Dispose();
        FactorValues.Dispose();
    }
}
