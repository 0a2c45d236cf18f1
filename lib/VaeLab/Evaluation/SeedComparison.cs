using VaeLab.Numerics;

namespace VaeLab.Evaluation;

/// <summary>
/// Method A against method B on the same seeds (same data, split and initialisation per seed): the per-seed
/// differences A − B, their mean and standard deviation. The difference is <see cref="Settled"/> when
/// <see cref="SeedSpread.Verdict"/> with tolerance 0 says higher or lower — at least three seeds, every seed agrees on
/// the sign and the mean difference is larger than the seed-to-seed spread of the differences (the series' one rule,
/// which notebook 07 uses with a tolerance); otherwise the comparison is not settled by these seeds, whatever the means say.
/// </summary>
public sealed record PairedDifference(string A, string B, IReadOnlyList<double> Differences)
{
    /// <summary>The per-seed differences with their mean and spread.</summary>
    public SeedSpread Spread => SeedSpread.Of(Differences);

    public double Mean => Differences.Average();

    /// <summary>Sample standard deviation (n − 1) of the per-seed differences.</summary>
    public double StandardDeviation => Spread.StandardDeviation;

    /// <summary>Seeds on which A is higher.</summary>
    public int AHigher => Differences.Count(d => d > 0);

    public bool Settled => Spread.Verdict(0) is SeedVerdict.Higher or SeedVerdict.Lower;

    /// <summary>"A above B", "A below B" or "not settled", from <see cref="Settled"/> and the sign.</summary>
    public string Verdict => !Settled ? "not settled" : Mean > 0 ? "above" : "below";

    public override string ToString() =>
        $"{A} − {B}: {Mean:+0.000;-0.000;0.000} ± {StandardDeviation:F3} (higher on {AHigher} of {Differences.Count} seeds) → {(Settled ? $"{A} {Verdict} {B}" : "not settled")}";
}

/// <summary>
/// Several methods measured on the same seeds: per-method mean ± sd with the per-seed values, and paired differences.
/// What a verdict that compares methods should rest on (≥ 3 seeds, per-seed values and paired differences printed).
/// </summary>
public sealed class SeedComparison
{
    private readonly Dictionary<string, List<double>> values = new();
    private readonly List<string> order = [];

    /// <summary>Records one seed's value of a method; call once per method and seed, seeds in the same order for every method.</summary>
    public void Add(string method, double value)
    {
        if (!values.TryGetValue(method, out var list)) { values[method] = list = []; order.Add(method); }
        list.Add(value);
    }

    public IReadOnlyList<string> Methods => order;

    /// <summary>One method's per-seed values with their mean and spread (notebook 07's <see cref="SeedSpread"/>).</summary>
    public SeedSpread this[string method] => values.TryGetValue(method, out var list)
        ? SeedSpread.Of(list)
        : throw new ArgumentException($"No method '{method}' was recorded; recorded: {string.Join(", ", order)}.");

    /// <summary>The paired difference A − B over the seeds both were measured on.</summary>
    public PairedDifference Paired(string a, string b)
    {
        var (first, second) = (this[a].Values, this[b].Values);
        if (first.Count != second.Count)
            throw new ArgumentException($"'{a}' has {first.Count} seeds and '{b}' {second.Count}: record both on the same seeds.");
        return new PairedDifference(a, b, first.Zip(second, (x, y) => x - y).ToArray());
    }

    /// <summary>One line per method: mean ± sd and the per-seed values, in the order the methods were first added.</summary>
    public string Table(string valueName = "value", int nameWidth = 0)
    {
        var width = Math.Max(nameWidth, order.Max(m => m.Length));
        return string.Join(Environment.NewLine, order.Select(m =>
        {
            var s = this[m];
            return $"{m.PadRight(width)}  {valueName} {s.Mean:F3} ± {s.StandardDeviation:F3}   per seed [{string.Join(", ", s.Values.Select(v => v.ToString("F3")))}]";
        }));
    }
}
