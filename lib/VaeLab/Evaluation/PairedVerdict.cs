using System.Globalization;
using VaeLab.Numerics;

namespace VaeLab.Evaluation;

/// <summary>
/// A printed comparison of two methods measured on the same seeds, as one sentence: both spreads with their per-seed
/// values, the per-seed paired differences, and a verdict that calls the difference settled by
/// <see cref="PairedDifference"/>'s rule (every seed agrees in sign, at least three seeds, the mean difference exceeds
/// its standard deviation); otherwise it says the comparison is not settled.
/// </summary>
public static class PairedVerdict
{
    /// <summary>The rule of <see cref="PairedDifference.Settled"/> (notebook 08's), applied to per-seed differences.</summary>
    public static bool Settled(SeedSpread differences) => new PairedDifference("A", "B", differences.Values).Settled;

    /// <summary>
    /// "<paramref name="metric"/>: A m ± s (…) vs B m ± s (…); A − B per seed (…): A is lower on every seed (settled)" or
    /// "… not settled". <paramref name="lowerIsBetter"/> adds "better"/"worse" to the verdict.
    /// </summary>
    public static string Compare(string metric, string nameA, SeedSpread a, string nameB, SeedSpread b, string format, bool? lowerIsBetter = null)
    {
        var differences = SeedSpread.Paired(a, b);
        var perSeed = string.Join(", ", differences.Values.Select(v => v.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)));
        string verdict;
        if (!Settled(differences))
            verdict = differences.Count < 3
                ? $"not settled ({differences.Count} seed{(differences.Count == 1 ? "" : "s")}; a verdict needs at least 3)"
                : "not settled (the seeds disagree in sign, or the spread is as large as the mean difference)";
        else
        {
            var lower = differences.Mean < 0;
            var quality = lowerIsBetter is null ? "" : (lower == lowerIsBetter.Value ? ", better" : ", worse");
            verdict = $"{nameA} is {(lower ? "lower" : "higher")} on every seed{quality} (settled)";
        }
        return $"{metric}: {nameA} {a.Format(format)} vs {nameB} {b.Format(format)}; {nameA} − {nameB} per seed ({perSeed}): {verdict}.";
    }
}
