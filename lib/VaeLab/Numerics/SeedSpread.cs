using System.Globalization;

namespace VaeLab.Numerics;

/// <summary>What paired per-seed differences say: every seed above the tolerance, every seed below minus it, every seed
/// within it, or seeds on different sides (not settled).</summary>
public enum SeedVerdict { Higher, Lower, Same, NotSettled }

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

    /// <summary>The verdict of paired differences with a tolerance (a difference within ±tolerance counts as no difference).</summary>
    public SeedVerdict Verdict(double tolerance)
    {
        if (!(tolerance >= 0)) throw new ArgumentException($"The tolerance must be 0 or more; got {tolerance}.");
        if (AllAbove(tolerance)) return SeedVerdict.Higher;
        if (AllBelow(-tolerance)) return SeedVerdict.Lower;
        if (Values.All(v => Math.Abs(v) <= tolerance)) return SeedVerdict.Same;
        return SeedVerdict.NotSettled;
    }

    /// <summary>
    /// Words for the verdict of paired differences: "<paramref name="higher"/> on every seed", "<paramref name="lower"/> on
    /// every seed", "<paramref name="same"/> on every seed", or "not settled (the seeds disagree)".
    /// </summary>
    public string Says(double tolerance, string higher, string lower, string same) => Verdict(tolerance) switch
    {
        SeedVerdict.Higher => $"{higher} on every seed",
        SeedVerdict.Lower => $"{lower} on every seed",
        SeedVerdict.Same => $"{same} on every seed",
        _ => "not settled (the seeds disagree)",
    };

    /// <summary>"mean ± sd (v₁, v₂, …)" with the given numeric format, e.g. "F1", "P0" or "+0.0;-0.0" (the standard
    /// deviation is printed without a sign).</summary>
    public string Format(string format = "F2")
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return $"{F(Mean)} ± {F(StandardDeviation).TrimStart('+')} ({string.Join(", ", Values.Select(F))})";
    }

    public override string ToString() => Format();
}
