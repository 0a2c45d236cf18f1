using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

/// <summary>
/// The words of notebook 05's section 9 and evidence lines, each rule both ways: inputs where it must say "not settled"
/// and inputs where it must give a direction.
/// </summary>
public class BetaVaeReadingTests
{
    private static PairedDifference D(params double[] differences) => new("β-TCVAE β = 8", "β = 8", differences);

    private static readonly PairedDifference Higher = D(0.06, 0.05, 0.08, 0.07, 0.04);
    private static readonly PairedDifference Lower = D(-0.06, -0.05, -0.08, -0.07, -0.04);
    private static readonly PairedDifference Mixed = D(0.018, -0.008, 0.053, 0.012, 0.062);   // 4 of 5 higher: the audit's seed-42 values

    [Fact]
    public void A_mig_comparison_prints_per_seed_values_mean_and_spread_and_the_verdict_of_the_rule()
    {
        var mixed = BetaVaeReading.MigComparison(Mixed);
        Assert.StartsWith("not settled (higher on 4 of 5 seeds; per seed +0.018, -0.008, +0.053, +0.012, +0.062; mean +0.027 ± ", mixed);
        Assert.StartsWith("higher on every seed (per seed +0.060, +0.050", BetaVaeReading.MigComparison(Higher));
        Assert.StartsWith("lower on every seed (per seed -0.060", BetaVaeReading.MigComparison(Lower));
        // Same sign on every seed but a spread larger than the mean: not settled (PairedDifference's rule, not the signs alone).
        Assert.StartsWith("not settled (higher on 3 of 3 seeds", BetaVaeReading.MigComparison(D(0.01, 0.5, 0.002)));
        // Fewer than three seeds never settle.
        Assert.StartsWith("not settled", BetaVaeReading.MigComparison(D(0.5, 0.6)));
    }

    [Fact]
    public void The_attribution_to_the_total_correlation_penalty_follows_both_comparisons()
    {
        // Item 4 settled higher, 4b not settled: the gain is not shown to need the weight on the TC alone.
        var notSeparated = BetaVaeReading.TotalCorrelationAttribution(Higher, Mixed, 8);
        Assert.Contains("do not separate β-TCVAE from β = 8", notSeparated);
        Assert.DoesNotContain("above both", notSeparated);
        // Both settled higher: above both.
        Assert.StartsWith("β-TCVAE is above both", BetaVaeReading.TotalCorrelationAttribution(Higher, Higher, 8));
        // 4b settled lower: β = 8 gave more.
        Assert.Contains("gave more on every seed (4b)", BetaVaeReading.TotalCorrelationAttribution(Higher, Lower, 8));
        // Item 4 not settled: nothing to attribute, whatever 4b says.
        var nothing = BetaVaeReading.TotalCorrelationAttribution(Mixed, Higher, 8);
        Assert.StartsWith("Item 4 is not settled", nothing);
        Assert.Contains("higher on every seed (4b)", nothing);
        Assert.Contains("not settled either (4b)", BetaVaeReading.TotalCorrelationAttribution(Mixed, Mixed, 8));
        // Item 4 settled lower.
        Assert.StartsWith("β-TCVAE is lower than β = 1 on every seed", BetaVaeReading.TotalCorrelationAttribution(Lower, Mixed, 8));
        Assert.Contains("β = 4", BetaVaeReading.TotalCorrelationAttribution(Higher, Mixed, 4));
    }

    [Fact]
    public void Item_six_advises_comparing_directions_only_when_some_comparison_is_settled()
    {
        var none = BetaVaeReading.Directions([("1", false), ("3", false), ("4", false), ("4b", false)]);
        Assert.Contains("no settled direction to compare", none);
        Assert.DoesNotContain("Compare directions", none);
        var one = BetaVaeReading.Directions([("1", false), ("3", false), ("4", true), ("4b", false)]);
        Assert.Equal("Compare directions with the published studies, not values: the settled MIG comparison is item 4.", one);
        Assert.EndsWith("comparisons are items 1, 4b.", BetaVaeReading.Directions([("1", true), ("3", false), ("4", false), ("4b", true)]));
        Assert.Throws<ArgumentException>(() => BetaVaeReading.Directions([]));
    }

    [Fact]
    public void Secondary_lines_carry_their_label_whatever_their_verdict()
    {
        var settled = BetaVaeReading.Secondary(Higher);
        Assert.Contains("→ β-TCVAE β = 8 above β = 8", settled);
        Assert.EndsWith(BetaVaeReading.SecondaryLabel, settled);
        var unsettled = BetaVaeReading.Secondary(Mixed);
        Assert.Contains("→ not settled", unsettled);
        Assert.EndsWith(BetaVaeReading.SecondaryLabel, unsettled);
        Assert.Contains("can change with the session seed", BetaVaeReading.SecondaryLabel);
        Assert.Equal($"MIG(x) +0.1 → raised {BetaVaeReading.SecondaryLabel}", BetaVaeReading.Secondary("MIG(x) +0.1 → raised  "));
        Assert.DoesNotContain("secondary", Higher.ToString());
        Assert.Throws<ArgumentException>(() => BetaVaeReading.Secondary(" "));
    }

    [Fact]
    public void Said_picks_the_words_by_the_rule_and_the_sign()
    {
        Assert.Equal("up", BetaVaeReading.Said(Higher, "up", "down", "open"));
        Assert.Equal("down", BetaVaeReading.Said(Lower, "up", "down", "open"));
        Assert.Equal("open", BetaVaeReading.Said(Mixed, "up", "down", "open"));
    }
}
