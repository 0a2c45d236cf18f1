namespace VaeLab.Numerics;

/// <summary>Quantiles of an already sorted sample.</summary>
public static class Quantiles
{
    /// <summary>The <paramref name="p"/>-quantile of <paramref name="sorted"/> (ascending), interpolated linearly between the
    /// two nearest order statistics (numpy's default, "linear").</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("Give at least one value to take a quantile of.", nameof(sorted));
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile level lies between 0 and 1.");
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
