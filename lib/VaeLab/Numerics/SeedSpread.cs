using System.Globalization;

namespace VaeLab.Numerics;

/// <summary>What paired per-seed differences say (<see cref="SeedSpread.Verdict"/>): higher or lower on every seed (beyond
/// the tolerance and the seeds' spread), the same on every seed (within the tolerance), or not settled.</summary>
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

    /// <summary>The fewest seeds a verdict rests on.</summary>
    public const int MinimumSeeds = 3;

    /// <summary>
    /// The series' one rule for paired per-seed differences (notebooks 07 and 08 read it): <see cref="SeedVerdict.Higher"/>
    /// when every value lies above <paramref name="tolerance"/> and the mean exceeds the seed-to-seed standard deviation,
    /// <see cref="SeedVerdict.Lower"/> likewise below −tolerance, <see cref="SeedVerdict.Same"/> when every value lies
    /// within ±tolerance, otherwise <see cref="SeedVerdict.NotSettled"/> — always with fewer than
    /// <see cref="MinimumSeeds"/> values. A tolerance of 0 asks only for the sign (the rule of
    /// <c>Evaluation.PairedDifference</c>).
    /// </summary>
    public SeedVerdict Verdict(double tolerance)
    {
        if (!(tolerance >= 0)) throw new ArgumentException($"The tolerance must be 0 or more; got {tolerance}.");
        if (Count < MinimumSeeds) return SeedVerdict.NotSettled;
        var beyondSpread = Math.Abs(Mean) > StandardDeviation;
        if (AllAbove(tolerance) && beyondSpread) return SeedVerdict.Higher;
        if (AllBelow(-tolerance) && beyondSpread) return SeedVerdict.Lower;
        if (Values.All(v => Math.Abs(v) <= tolerance)) return SeedVerdict.Same;
        return SeedVerdict.NotSettled;
    }

    /// <summary>
    /// Words for <see cref="Verdict"/> that follow the numbers: "<paramref name="higher"/> on every seed", "<paramref name="lower"/>
    /// on every seed", "<paramref name="same"/> on every seed", or "not settled (…)" saying why: the seeds on both sides
    /// ("higher on 2, lower on 1 of 3 seeds"), one side on some seeds and within the tolerance on the rest, every seed on
    /// one side but by less than the seeds' spread, or too few seeds.
    /// </summary>
    public string Says(double tolerance, string higher, string lower, string same)
    {
        var verdict = Verdict(tolerance);
        switch (verdict)
        {
            case SeedVerdict.Higher: return $"{higher} on every seed";
            case SeedVerdict.Lower: return $"{lower} on every seed";
            case SeedVerdict.Same: return $"{same} on every seed";
        }
        if (Count < MinimumSeeds) return $"not settled (fewer than {MinimumSeeds} seeds)";
        var above = Values.Count(v => v > tolerance);
        var below = Values.Count(v => v < -tolerance);
        if (above == Count) return $"not settled ({higher} on every seed, but by less than the seeds' spread)";
        if (below == Count) return $"not settled ({lower} on every seed, but by less than the seeds' spread)";
        if (above > 0 && below > 0) return $"not settled (the seeds disagree: {higher} on {above}, {lower} on {below} of {Count} seeds)";
        return above > 0
            ? $"not settled ({higher} on {above} of {Count} seeds, {same} on the rest)"
            : $"not settled ({lower} on {below} of {Count} seeds, {same} on the rest)";
    }

    /// <summary>"mean ± sd (v₁, v₂, …)" with the given numeric format, e.g. "F1", "P0" or "+0.0;-0.0" (the standard
    /// deviation is printed without a sign).</summary>
    public string Format(string format = "F2")
    {
        // A two-section signed format ("+0;-0") prints a small negative value that rounds to zero as "-+0"; a third
        // section (the first one again) formats every rounded zero alike.
        var sections = format.Split(';');
        var full = sections.Length == 2 ? $"{format};{sections[0]}" : format;
        string F(double v) => v.ToString(full, CultureInfo.InvariantCulture);
        return $"{F(Mean)} ± {F(StandardDeviation).TrimStart('+')} ({string.Join(", ", Values.Select(F))})";
    }

    public override string ToString() => Format();
}
