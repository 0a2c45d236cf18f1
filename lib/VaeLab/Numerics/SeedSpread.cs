using System.Globalization;

namespace VaeLab.Numerics;

/// <summary>
/// One measurement repeated over seeds: the per-seed values, their mean, standard deviation (n − 1) and range. A verdict
/// that compares methods reads <see cref="Paired"/> differences, seed by seed, not two means.
/// </summary>
public sealed record SeedSpread(IReadOnlyList<double> Values)
{
    public static SeedSpread Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) throw new ArgumentException("A seed spread needs at least one value.");
        if (list.Any(v => !double.IsFinite(v))) throw new ArgumentException($"Seed values must be finite; got [{string.Join(", ", list)}].");
        return new SeedSpread(list);
    }

    /// <summary>The per-seed differences a − b (the same seeds in the same order).</summary>
    public static SeedSpread Paired(SeedSpread a, SeedSpread b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Paired differences need the same seeds on both sides; got {a.Count} and {b.Count} values.");
        return Of(a.Values.Zip(b.Values, (x, y) => x - y));
    }

    public int Count => Values.Count;

    public double Mean => Values.Average();

    public double Min => Values.Min();

    public double Max => Values.Max();

    /// <summary>Sample standard deviation (n − 1); 0 for a single value.</summary>
    public double StandardDeviation => Count < 2 ? 0 : Math.Sqrt(Values.Sum(v => (v - Mean) * (v - Mean)) / (Count - 1));

    /// <summary>Whether every value lies above <paramref name="threshold"/> (for paired differences: a beat b on every seed
    /// by more than the threshold).</summary>
    public bool AllAbove(double threshold) => Values.All(v => v > threshold);

    /// <summary>Whether every value lies below <paramref name="threshold"/>.</summary>
    public bool AllBelow(double threshold) => Values.All(v => v < threshold);

    /// <summary>"mean ± sd (v₁, v₂, …)" with the given numeric format, e.g. "F1" or "P0".</summary>
    public string Format(string format = "F2") =>
        $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)} " +
        $"({string.Join(", ", Values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)))})";

    public override string ToString() => Format();
}
