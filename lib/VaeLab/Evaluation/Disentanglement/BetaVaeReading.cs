using System.Globalization;

namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// The words notebook 05 prints from its paired per-seed differences: the verdicts of section 9 that compare β-TCVAE
/// with β = 1 and with β = 8, what the two together say about the penalty on the total correlation, whether there is a
/// settled direction to compare with the published studies, and the label of the secondary evidence lines. The rule
/// itself is only <see cref="PairedDifference.Settled"/>; this class adds the words, so that they can be tested.
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
    /// What items 4 and 4b say together about the penalty on the total correlation. β-TCVAE with weight β and β = 1 differ
    /// only in the weight on (the minibatch estimate of) the total correlation, β against 1; β-TCVAE and β-VAE with the same
    /// β put the same weight on it, and β-VAE puts it on the index-code MI and the dimension-wise KL as well.
    /// <paramref name="versusPlain"/> is β-TCVAE − β = 1 on MIG, <paramref name="versusSameBeta"/> β-TCVAE − β-VAE (same β).
    /// </summary>
    public static string TotalCorrelationAttribution(PairedDifference versusPlain, PairedDifference versusSameBeta, double beta)
    {
        var b = beta.ToString("0.##", CultureInfo.InvariantCulture);
        if (!versusPlain.Settled)
            return "Item 4 is not settled, so these seeds show no gain over β = 1 to attribute; " +
                   Said(versusSameBeta, $"against β = {b} β-TCVAE is higher on every seed (4b).", $"against β = {b} β-TCVAE is lower on every seed (4b).",
                       $"against β = {b} it is not settled either (4b).");
        if (versusPlain.Mean < 0)
            return $"β-TCVAE is lower than β = 1 on every seed (item 4): raising the weight on the total correlation alone from 1 to {b} lowered MIG here; " +
                   Said(versusSameBeta, $"against β = {b} β-TCVAE is higher on every seed (4b).", $"β = {b} is higher than β-TCVAE on every seed too (4b).",
                       $"against β = {b} it is not settled (4b).");
        return Said(versusSameBeta,
            $"β-TCVAE is above both: raising the weight on the total correlation alone from 1 to {b} raised MIG (item 4), and putting the " +
            $"same weight on the whole KL, as β = {b} does, gave less (4b), the direction Chen et al. (2018) report.",
            $"Raising the weight on the total correlation alone raised MIG over β = 1 (item 4), but putting the same weight on the whole KL, " +
            $"as β = {b} does, gave more on every seed (4b): these seeds do not favour penalising the total correlation only.",
            $"Raising the weight on the total correlation alone from 1 to {b} raised MIG (item 4), but these seeds do not separate β-TCVAE from " +
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
