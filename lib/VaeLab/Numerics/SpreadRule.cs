namespace VaeLab.Numerics;

/// <summary>
/// When a difference between two averages is large enough for one run to settle it: the series' rule for a comparison
/// read off repeated measurements of one run (checkpoints of the last epoch), whose spread is the standard deviation
/// across them. A difference counts as settled when it exceeds twice the two spreads summed.
/// </summary>
public static class SpreadRule
{
    /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
    public static (double Mean, double Spread) Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count == 0) throw new ArgumentException("Need at least one value.", nameof(values));
        var mean = list.Average();
        return (mean, list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)));
    }

    /// <summary>Whether <paramref name="difference"/> exceeds twice the summed spreads of the two averages it compares.</summary>
    public static bool Settled(double difference, double spreadA, double spreadB) => Math.Abs(difference) > 2 * (spreadA + spreadB);
}
