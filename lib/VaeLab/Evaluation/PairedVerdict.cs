using System.Globalization;
using VaeLab.Numerics;

namespace VaeLab.Evaluation;

/// <summary>
/// A printed comparison of two methods measured on the same seeds, as one sentence: both spreads with their per-seed
/// values, the per-seed paired differences, and the verdict of <see cref="PairedDifference"/> (notebook 08's rule:
/// at least three seeds, every seed agrees in sign, the mean difference exceeds its standard deviation), worded with
/// "better"/"worse" when the metric has a direction, and with the reason when it is not settled. The rule lives only
/// in <see cref="PairedDifference.Settled"/>; this class adds the words.
/// </summary>
public static class PairedVerdict
{
    /// <summary>The per-seed differences A − B as a <see cref="PairedDifference"/> (its <c>Settled</c> is the rule).</summary>
    public static PairedDifference Difference(string nameA, SeedSpread a, string nameB, SeedSpread b) =>
        new(nameA, nameB, SeedSpread.Paired(a, b).Values);

    /// <summary>
    /// "<paramref name="metric"/>: A m ± s (…) vs B m ± s (…); A − B per seed (…): A is lower on every seed (settled)" or
    /// "… not settled (reason)". <paramref name="lowerIsBetter"/> adds "better"/"worse" to a settled verdict.
    /// </summary>
    public static string Compare(string metric, string nameA, SeedSpread a, string nameB, SeedSpread b, string format, bool? lowerIsBetter = null)
    {
        var difference = Difference(nameA, a, nameB, b);
        var perSeed = string.Join(", ", difference.Differences.Select(v => v.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture)));
        string verdict;
        if (!difference.Settled)
            verdict = difference.Differences.Count < 3
                ? $"not settled ({difference.Differences.Count} seed{(difference.Differences.Count == 1 ? "" : "s")}; a verdict needs at least 3)"
                : difference.AHigher is 0 || difference.AHigher == difference.Differences.Count
                    ? "not settled (same sign on every seed, but the seed-to-seed spread of the differences is as large as their mean)"
                    : $"not settled (the seeds disagree in sign: {nameA} is higher on {difference.AHigher} of {difference.Differences.Count})";
        else
        {
            var lower = difference.Mean < 0;
            var quality = lowerIsBetter is null ? "" : (lower == lowerIsBetter.Value ? ", better" : ", worse");
            verdict = $"{nameA} is {(lower ? "lower" : "higher")} on every seed{quality} (settled)";
        }
        return $"{metric}: {nameA} {a.Format(format)} vs {nameB} {b.Format(format)}; {nameA} − {nameB} per seed ({perSeed}): {verdict}.";
    }
}
