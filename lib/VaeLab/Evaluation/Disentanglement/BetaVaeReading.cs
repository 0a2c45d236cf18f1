using System.Globalization;

namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// The words notebook 05 prints from its paired per-seed differences: the verdicts of section 9 that compare β-TCVAE
/// with β = 1 and with β = 8, what the two together say about the penalty on the total correlation, whether there is a
/// settled direction to compare with the published studies, section 4's halfway lines, and the label of the secondary
/// evidence lines. The rule itself is only <see cref="PairedDifference.Settled"/> and, for section 9's MIG comparisons,
/// <see cref="LengthCheckedDifference.Settled"/> (the same word halfway through training); this class adds the words,
/// so that they can be tested.
/// </summary>
public static class BetaVaeReading
{
    /// <summary>Printed after every secondary paired line (per metric, per factor, MIG(y), rotated back, index-code MI).</summary>
    public const string SecondaryLabel = "(secondary line: can change with the session seed; section 9 concludes)";

    /// <summary>A secondary evidence line with its label: the line may read "above" with one session seed and
    /// "not settled" with another; the conclusions are section 9's.</summary>
    public static string Secondary(string line) =>
        string.IsNullOrWhiteSpace(line) ? throw new ArgumentException("Give the line to label.") : $"{line.TrimEnd()} {SecondaryLabel}";

    /// <summary>A paired difference as a secondary line: its usual sentence and the label.</summary>
    public static string Secondary(PairedDifference difference) => Secondary(difference.ToString());

    /// <summary><paramref name="higher"/>, <paramref name="lower"/> or <paramref name="unsettled"/> by
    /// <see cref="PairedDifference.Settled"/> and the sign of the mean difference.</summary>
    public static string Said(PairedDifference difference, string higher, string lower, string unsettled) =>
        !difference.Settled ? unsettled : difference.Mean > 0 ? higher : lower;

    /// <summary>"per seed +0.018, −0.008, …" (the differences A − B in seed order).</summary>
    public static string PerSeed(PairedDifference difference, string format = "+0.000;-0.000;0.000") =>
        "per seed " + string.Join(", ", difference.Differences.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>
    /// One MIG comparison of section 9 (items 4 and 4b): the per-seed differences, mean ± sd, and "higher on every seed",
    /// "lower on every seed" or "not settled (higher on k of n seeds)".
    /// </summary>
    public static string MigComparison(PairedDifference difference)
    {
        var mean = difference.Mean.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
        var spread = difference.StandardDeviation.ToString("F3", CultureInfo.InvariantCulture);
        var numbers = $"{PerSeed(difference)}; mean {mean} ± {spread}";
        return Said(difference,
            $"higher on every seed ({numbers}).",
            $"lower on every seed ({numbers}).",
            $"not settled (higher on {difference.AHigher} of {difference.Differences.Count} seeds; {numbers}).");
    }

    /// <summary>
    /// <see cref="Said(PairedDifference, string, string, string)"/> read through the halfway check: a settled end verdict
    /// whose halfway word differs (or that has no halfway checkpoint) prints "not settled: not confirmed halfway (…)"
    /// ("reversed between halfway and the end", "not checked at a second training length") instead of a direction; otherwise the end verdict's words stand.
    /// </summary>
    public static string Said(LengthCheckedDifference difference, string higher, string lower, string unsettled)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return difference.DependsOnLength ? DependsOnLength(difference, perSeed: false) : Said(difference.End, higher, lower, unsettled);
    }

    /// <summary>
    /// <see cref="MigComparison(PairedDifference)"/> read through the halfway check (items 4 and 4b): a settled end verdict
    /// whose halfway word differs prints "not settled: not confirmed halfway" (or "reversed …"), with the end's per-seed values and
    /// the halfway verdict; otherwise the end comparison's words stand.
    /// </summary>
    public static string MigComparison(LengthCheckedDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return difference.DependsOnLength ? DependsOnLength(difference, perSeed: true) : MigComparison(difference.End);
    }

    private static string Numbers(PairedDifference d) =>
        $"mean {d.Mean.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)} ± {d.StandardDeviation.ToString("F3", CultureInfo.InvariantCulture)}, " +
        $"higher on {d.AHigher} of {d.Differences.Count} seeds";

    private static string Word(PairedDifference d) => d.Settled ? $"\"{d.A} {d.Verdict} {d.B}\"" : "\"not settled\"";

    private static string DependsOnLength(LengthCheckedDifference d, bool perSeed)
    {
        var end = d.End;
        var halfway = d.Halfway is null
            ? "this run has no halfway checkpoint"
            : $"halfway through training the verdict was {Word(d.Halfway)} ({Numbers(d.Halfway)})";
        return $"not settled: {Unconfirmed(d)} (at the end {end.A} is {(end.Mean > 0 ? "higher" : "lower")} than {end.B} on every seed, " +
               $"{(perSeed ? PerSeed(end) + "; " : "")}{Numbers(end)}; but {halfway}; section 4).";
    }

    /// <summary>
    /// Why a settled end verdict is not taken, in words that claim no more than the check shows: the halfway verdict
    /// pointed the other way, it was not settled (which a difference near the rule's threshold can also produce), or there
    /// was no halfway checkpoint.
    /// </summary>
    private static string Unconfirmed(LengthCheckedDifference d) =>
        d.Halfway is null ? "not checked at a second training length"
        : d.Halfway.Settled && Math.Sign(d.Halfway.Mean) != Math.Sign(d.End.Mean) ? "reversed between halfway and the end"
        : "not confirmed halfway";

    /// <summary>
    /// Section 4's halfway line for one comparison of section 9 (<paramref name="item"/>), labelled as a secondary line:
    /// the paired difference halfway through training and whether its word is the end's. A different word turns a settled
    /// end verdict into "not settled" in section 9; a different word beside an end verdict that is not settled changes nothing.
    /// </summary>
    public static string HalfwayLine(string item, string set, LengthCheckedDifference difference, int halfwayEpoch, int endEpoch)
    {
        ArgumentNullException.ThrowIfNull(difference);
        if (difference.Halfway is null)
            return $"Item {item} ({set} set): the run has no halfway checkpoint ({endEpoch} epoch{(endEpoch == 1 ? "" : "s")}), so section 9 does not take a settled end verdict of item {item} as settled (not checked at a second training length).";
        var consequence = difference.SameHalfway ? "the same word as at the end"
            : difference.End.Settled ? $"a different word from the end's ({Word(difference.End)}): section 9 reads item {item} as not settled ({Unconfirmed(difference)})"
            : $"a different word from the end's ({Word(difference.End)}), which section 9 keeps";
        return Secondary($"Item {item} ({set} set), epoch {halfwayEpoch} of {endEpoch}: {difference.Halfway}; {consequence}.");
    }

    /// <summary>
    /// What items 4 and 4b say together about the penalty on the total correlation, each read through the halfway check
    /// (a comparison whose settled end word is not confirmed halfway counts as not settled). β-TCVAE with weight β and β = 1 differ
    /// only in the weight on (the minibatch estimate of) the total correlation, β against 1; β-TCVAE and β-VAE with the same
    /// β put the same weight on it, and β-VAE puts it on the index-code MI and the dimension-wise KL as well.
    /// <paramref name="versusPlain"/> is β-TCVAE − β = 1 on MIG, <paramref name="versusSameBeta"/> β-TCVAE − β-VAE (same β).
    /// </summary>
    public static string TotalCorrelationAttribution(LengthCheckedDifference versusPlain, LengthCheckedDifference versusSameBeta, double beta)
    {
        ArgumentNullException.ThrowIfNull(versusPlain);
        ArgumentNullException.ThrowIfNull(versusSameBeta);
        var b = beta.ToString("0.##", CultureInfo.InvariantCulture);
        string SameBeta(string higher, string lower, string unsettled) =>
            !versusSameBeta.Settled ? unsettled : versusSameBeta.End.Mean > 0 ? higher : lower;
        if (!versusPlain.Settled)
            return "Item 4 is not settled, so there is no settled gain over β = 1 to attribute; " +
                   SameBeta($"against β = {b} β-TCVAE is higher on every seed (4b).", $"against β = {b} β-TCVAE is lower on every seed (4b).",
                       $"against β = {b} it is not settled either (4b).");
        if (versusPlain.End.Mean < 0)
            return $"β-TCVAE is lower than β = 1 on every seed (item 4): raising the weight on (the minibatch estimate of) the total correlation alone from 1 to {b} lowered MIG here; " +
                   SameBeta($"against β = {b} β-TCVAE is higher on every seed (4b).", $"β = {b} is higher than β-TCVAE on every seed too (4b).",
                       $"against β = {b} it is not settled (4b).");
        return SameBeta(
            $"β-TCVAE is above both: raising the weight on (the minibatch estimate of) the total correlation alone from 1 to {b} raised MIG (item 4), and putting the " +
            $"same weight on the whole KL, as β = {b} does, gave less (4b), the direction Chen et al. (2018) report.",
            $"Raising the weight on (the minibatch estimate of) the total correlation alone raised MIG over β = 1 (item 4), but putting the same weight on the whole KL, " +
            $"as β = {b} does, gave more on every seed (4b): these seeds do not favour penalising the total correlation only.",
            $"Raising the weight on (the minibatch estimate of) the total correlation alone from 1 to {b} raised MIG (item 4), but these seeds do not separate β-TCVAE from " +
            $"β = {b}, which puts the same weight on the total correlation and on the other two terms as well (4b): they do not show that " +
            "sparing the index-code MI and the dimension-wise KL is what helped.");
    }

    /// <summary>
    /// Item 6's advice on reading the values against the published studies, which trained far longer: when some comparison
    /// (item name, whether its verdict is settled) is settled, compare its direction, not values; when none is, say that
    /// there is no settled direction to compare.
    /// </summary>
    public static string Directions(IReadOnlyList<(string Item, bool Settled)> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (comparisons.Count == 0) throw new ArgumentException("Give the comparisons of section 9 (item name, settled or not).");
        var settled = comparisons.Where(c => c.Settled).Select(c => c.Item).ToList();
        return settled.Count == 0
            ? $"None of the MIG comparisons (items {string.Join(", ", comparisons.Select(c => c.Item))}) is settled, so there is no settled direction to compare with the published studies; the values describe this training length only."
            : $"Compare directions with the published studies, not values: the settled MIG comparison{(settled.Count == 1 ? " is item" : "s are items")} {string.Join(", ", settled)}.";
    }
}
