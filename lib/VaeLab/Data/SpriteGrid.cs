namespace VaeLab.Data;

/// <summary>
/// The factor grid of the synthetic sprites: shape × scale × rotation × x × y, each factor taking evenly spaced
/// values. Factor order (and the column order of <see cref="SpriteDataset.FactorIndices"/>) is
/// <see cref="FactorNames"/>; the full grid is enumerated row-major, shape slowest and y fastest, like dSprites.
/// Values: shape = its <see cref="SpriteShape"/> index; scale in [0.5, 1]; rotation in [0, π/2) radians (a quarter
/// turn, so that no two rotations of the square look the same); x and y in [0, 1] across the free area of the image.
/// <see cref="RangeX"/> and <see cref="RangeY"/> shrink the distance the centre travels along x or y (a fraction of the
/// free span, centred in the image): the default grid treats x and y exactly alike, and a smaller range for one of
/// them breaks that symmetry (notebook 05 measures what that does to a β-VAE's axes).
/// </summary>
public sealed record SpriteGrid(int ImageSize = 32, int Scales = 4, int Rotations = 8, int PositionsX = 8, int PositionsY = 8,
    double RangeX = 1.0, double RangeY = 1.0)
{
    public const int FactorCount = 5;

    public static IReadOnlyList<string> FactorNames { get; } = ["shape", "scale", "rotation", "x", "y"];

    public static int ShapeCount => Enum.GetValues<SpriteShape>().Length;

    /// <summary>Number of values of each factor, in <see cref="FactorNames"/> order.</summary>
    public IReadOnlyList<int> FactorSizes => [ShapeCount, Scales, Rotations, PositionsX, PositionsY];

    /// <summary>Number of images in the full grid.</summary>
    public int Count => ShapeCount * Scales * Rotations * PositionsX * PositionsY;

    /// <summary>Radius in pixels of the circle every shape fits in at scale 1.</summary>
    public double MaxRadius => 0.2 * ImageSize;

    public void Validate()
    {
        if (ImageSize is < 16 or > 128)
            throw new ArgumentException($"ImageSize must be between 16 and 128 pixels; got {ImageSize}.");
        if (Scales < 1 || Rotations < 1 || PositionsX < 1 || PositionsY < 1)
            throw new ArgumentException($"Every factor needs at least one value; got scales {Scales}, rotations {Rotations}, x {PositionsX}, y {PositionsY}.");
        if (!(RangeX > 0 && RangeX <= 1) || !(RangeY > 0 && RangeY <= 1))
            throw new ArgumentException($"RangeX and RangeY are fractions of the free span, in (0, 1]; got {RangeX} and {RangeY}.");
        if ((long)ShapeCount * Scales * Rotations * PositionsX * PositionsY > 1_000_000)
            throw new ArgumentException($"The grid has {(long)ShapeCount * Scales * Rotations * PositionsX * PositionsY:N0} images; keep it at most 1,000,000.");
    }

    public double ScaleValue(int index) => Scales == 1 ? 1.0 : 0.5 + 0.5 * index / (Scales - 1);

    public double RotationValue(int index) => index * (Math.PI / 2) / Rotations;

    public static double PositionValue(int index, int count) => count == 1 ? 0.5 : index / (double)(count - 1);

    /// <summary>
    /// Where a position value p ∈ [0, 1] puts the centre, as a fraction of the free span: 0.5 + (p − 0.5)·range, so a
    /// range below 1 keeps the centre nearer the middle.
    /// </summary>
    public static double SpanFraction(double position, double range) => 0.5 + (position - 0.5) * range;

    /// <summary>The five factor values for the five indices (see the record summary for units).</summary>
    public double[] Values(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices);
        return [indices[0], ScaleValue(indices[1]), RotationValue(indices[2]), PositionValue(indices[3], PositionsX), PositionValue(indices[4], PositionsY)];
    }

    /// <summary>The factor indices of image <paramref name="flatIndex"/> of the full grid.</summary>
    public int[] IndicesOf(int flatIndex)
    {
        if (flatIndex < 0 || flatIndex >= Count)
            throw new ArgumentOutOfRangeException(nameof(flatIndex), flatIndex, $"The grid has {Count} images.");
        var sizes = FactorSizes;
        var indices = new int[FactorCount];
        for (var f = FactorCount - 1; f >= 0; f--)
        {
            indices[f] = flatIndex % sizes[f];
            flatIndex /= sizes[f];
        }
        return indices;
    }

    /// <summary>The position in the full grid of the image with these factor indices.</summary>
    public int FlatIndex(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices);
        var sizes = FactorSizes;
        var flat = 0;
        for (var f = 0; f < FactorCount; f++) flat = flat * sizes[f] + indices[f];
        return flat;
    }

    internal void CheckIndices(ReadOnlySpan<int> indices)
    {
        if (indices.Length != FactorCount)
            throw new ArgumentException($"A sprite has {FactorCount} factor indices ({string.Join(", ", FactorNames)}); got {indices.Length}.");
        var sizes = FactorSizes;
        for (var f = 0; f < FactorCount; f++)
            if (indices[f] < 0 || indices[f] >= sizes[f])
                throw new ArgumentOutOfRangeException(nameof(indices), $"Factor {FactorNames[f]} index {indices[f]} is outside 0–{sizes[f] - 1}.");
    }
}
