namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Plug-in (counting) entropy and mutual information of discrete labels, in nats, and the equal-width histogram
/// discretisation that turns a continuous latent into such labels. These are the building blocks of MIG
/// (Chen et al. 2018, §5; disentanglement_lib's discrete estimator).
/// </summary>
public static class DiscreteInformation
{
    /// <summary>Largest joint table (rows × columns of label values) counted in memory.</summary>
    private const long MaxJointCells = 1 << 24;

    /// <summary>H(A) = −Σ_a p(a) log p(a), with p the empirical frequencies of the labels (small non-negative ints).</summary>
    public static double Entropy(ReadOnlySpan<int> labels)
    {
        var counts = Count(labels, nameof(labels));
        var n = (double)labels.Length;
        var h = 0.0;
        foreach (var c in counts)
            if (c > 0) h -= c / n * Math.Log(c / n);
        return h;
    }

    /// <summary>
    /// I(A; B) = Σ_ab p(a, b) log(p(a, b) / (p(a) p(b))) from the empirical joint frequencies of paired labels. Zero for
    /// independent counts, H(A) when B determines A. The plug-in estimate is biased upwards by about
    /// (|A| − 1)(|B| − 1) / (2n) nats on independent samples of size n.
    /// </summary>
    public static double MutualInformation(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"The two label lists must pair up; got {a.Length} and {b.Length} labels.");
        var countsA = Count(a, nameof(a));
        var countsB = Count(b, nameof(b));
        var columns = countsB.Length;
        if ((long)countsA.Length * columns > MaxJointCells)
            throw new ArgumentException($"Labels must be small indices (0..K−1); got values up to {countsA.Length - 1} and {columns - 1}.");
        var joint = new int[countsA.Length * columns];
        for (var i = 0; i < a.Length; i++) joint[a[i] * columns + b[i]]++;
        var n = (double)a.Length;
        var mi = 0.0;
        for (var i = 0; i < countsA.Length; i++)
            for (var j = 0; j < columns; j++)
            {
                var c = joint[i * columns + j];
                if (c > 0) mi += c / n * Math.Log(c * n / ((double)countsA[i] * countsB[j]));
            }
        // Rounding can leave −1e-17 for independent labels; MI is never negative.
        return Math.Max(0, mi);
    }

    /// <summary>
    /// The bin (0 … bins − 1) of each value among <paramref name="bins"/> equal-width bins spanning [min, max] of the
    /// values, the last bin closed on the right: numpy's <c>digitize(x, histogram(x, bins)[1][:-1]) − 1</c>, which is
    /// how disentanglement_lib discretises a latent for MIG. A constant input puts everything in bin 0.
    /// </summary>
    public static int[] HistogramBins(ReadOnlySpan<double> values, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Use at least one bin.");
        var result = new int[values.Length];
        if (values.Length == 0) return result;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("Values to discretise must be finite; got NaN or ∞.");
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (max == min) return result;
        // Edges as numpy's linspace builds them (start + k·step), so values on an edge land where numpy puts them.
        var step = (max - min) / bins;
        var edges = new double[bins];
        for (var k = 0; k < bins; k++) edges[k] = min + k * step;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var k = Math.Clamp((int)Math.Floor((v - min) / step), 0, bins - 1);
            while (k < bins - 1 && v >= edges[k + 1]) k++;
            while (k > 0 && v < edges[k]) k--;
            result[i] = k;
        }
        return result;
    }

    private static int[] Count(ReadOnlySpan<int> labels, string name)
    {
        if (labels.Length == 0) throw new ArgumentException("Give at least one label.", name);
        var max = 0;
        foreach (var l in labels)
        {
            if (l < 0) throw new ArgumentException($"Labels must be non-negative indices; got {l}.", name);
            max = Math.Max(max, l);
        }
        if (max >= MaxJointCells)
            throw new ArgumentException($"Labels must be small indices (0..K−1); got {max}.", name);
        var counts = new int[max + 1];
        foreach (var l in labels) counts[l]++;
        return counts;
    }
}
