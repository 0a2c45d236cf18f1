using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// The sprites as an <see cref="ImageDataset"/> for the training and evaluation commands. Disentanglement is measured on
/// the images a model was trained on (as with dSprites), so there is no held-out part: the training set is the whole
/// factor grid (in a seeded random order), the "test" set a seeded sample of <c>testCount</c> images from the same
/// grid. The label of an image is its shape.
/// </summary>
public static class SpriteImages
{
    public const int DefaultTestCount = 1024;

    /// <param name="grid">The factor grid.</param>
    /// <param name="maxTrain">Use only this many training images (the first of the shuffled grid; null: all).</param>
    /// <param name="maxTest">Use only this many test images (null: <see cref="DefaultTestCount"/>).</param>
    /// <param name="seed">Seed of the shuffle and of the test sample.</param>
    public static ImageDataset Load(SpriteGrid grid, int? maxTrain = null, int? maxTest = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        if (maxTrain is < 1) throw new ArgumentOutOfRangeException(nameof(maxTrain), maxTrain, "maxTrain must be at least 1 (or null for all).");
        if (maxTest is < 1) throw new ArgumentOutOfRangeException(nameof(maxTest), maxTest, "maxTest must be at least 1 (or null for the default).");
        using var scope = NewDisposeScope();
        using var full = Sprites.FullGrid(grid);
        using var generator = new Generator((ulong)seed);
        var order = randperm(full.Count, generator: generator);
        var trainCount = Math.Min(maxTrain ?? int.MaxValue, full.Count);
        var trainRows = order.narrow(0, 0, trainCount);
        var testCount = Math.Min(maxTest ?? DefaultTestCount, full.Count);
        var testRows = randperm(full.Count, generator: generator).narrow(0, 0, testCount);
        var shapes = full.FactorIndices.select(1, 0);
        return new ImageDataset(
            $"Sprites ({string.Join("×", grid.FactorSizes)} grid of {grid.ImageSize}×{grid.ImageSize} images; test = {testCount:N0} of the same images)",
            "generated (VaeLab.Data.Sprites)",
            full.Images.index_select(0, trainRows).MoveToOuterDisposeScope(), shapes.index_select(0, trainRows).MoveToOuterDisposeScope(),
            full.Images.index_select(0, testRows).MoveToOuterDisposeScope(), shapes.index_select(0, testRows).MoveToOuterDisposeScope(),
            Enum.GetNames<SpriteShape>().Select(n => n.ToLowerInvariant()).ToArray());
    }
}
