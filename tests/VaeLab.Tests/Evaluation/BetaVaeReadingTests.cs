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

    /// <summary>Settled at the end and the same word halfway: the end verdict stands.</summary>
    private static LengthCheckedDifference Stable(PairedDifference end) => new(end, end);

    [Fact]
    public void The_attribution_to_the_total_correlation_penalty_follows_both_comparisons()
    {
        // Item 4 settled higher, 4b not settled: the gain is not shown to need the weight on the TC alone.
        var notSeparated = BetaVaeReading.TotalCorrelationAttribution(Stable(Higher), Stable(Mixed), 8);
        Assert.Contains("do not separate β-TCVAE from β = 8", notSeparated);
        Assert.DoesNotContain("above both", notSeparated);
        // Both settled higher: above both.
        Assert.StartsWith("β-TCVAE is above both", BetaVaeReading.TotalCorrelationAttribution(Stable(Higher), Stable(Higher), 8));
        // 4b settled lower: β = 8 gave more.
        Assert.Contains("gave more on every seed (4b)", BetaVaeReading.TotalCorrelationAttribution(Stable(Higher), Stable(Lower), 8));
        // Item 4 not settled: nothing to attribute, whatever 4b says.
        var nothing = BetaVaeReading.TotalCorrelationAttribution(Stable(Mixed), Stable(Higher), 8);
        Assert.StartsWith("Item 4 is not settled", nothing);
        Assert.Contains("higher on every seed (4b)", nothing);
        Assert.Contains("not settled either (4b)", BetaVaeReading.TotalCorrelationAttribution(Stable(Mixed), Stable(Mixed), 8));
        // Item 4 settled lower.
        Assert.StartsWith("β-TCVAE is lower than β = 1 on every seed", BetaVaeReading.TotalCorrelationAttribution(Stable(Lower), Stable(Mixed), 8));
        Assert.Contains("β = 4", BetaVaeReading.TotalCorrelationAttribution(Stable(Higher), Stable(Mixed), 4));
    }

    [Fact]
    public void The_attribution_reads_a_comparison_that_changed_word_since_halfway_as_not_settled()
    {
        // Item 4 higher on every seed at the end but not settled halfway: nothing to attribute.
        var item4DependsOnLength = new LengthCheckedDifference(Higher, Mixed);
        var noGain = BetaVaeReading.TotalCorrelationAttribution(item4DependsOnLength, Stable(Higher), 8);
        Assert.StartsWith("Item 4 is not settled, so there is no settled gain over β = 1 to attribute", noGain);
        Assert.DoesNotContain("raised MIG", noGain);
        // 4b higher at the end, lower halfway: not "above both" but "do not separate".
        var sameBetaDependsOnLength = new LengthCheckedDifference(Higher, Lower);
        var attribution = BetaVaeReading.TotalCorrelationAttribution(Stable(Higher), sameBetaDependsOnLength, 8);
        Assert.Contains("do not separate β-TCVAE from β = 8", attribution);
        Assert.DoesNotContain("above both", attribution);
        // No halfway checkpoint (a one-epoch run): neither direction is taken.
        Assert.StartsWith("Item 4 is not settled", BetaVaeReading.TotalCorrelationAttribution(new(Higher, null), new(Higher, null), 8));
        Assert.Contains("not settled either (4b)", BetaVaeReading.TotalCorrelationAttribution(new(Higher, null), new(Higher, null), 8));
    }

    [Fact]
    public void A_length_checked_difference_is_settled_only_when_the_halfway_word_is_the_ends()
    {
        Assert.True(Stable(Higher).Settled);
        Assert.False(Stable(Higher).DependsOnLength);
        Assert.True(new LengthCheckedDifference(Lower, Lower).Settled);
        // A different word halfway: not settled, depends on the length.
        Assert.False(new LengthCheckedDifference(Higher, Mixed).Settled);
        Assert.True(new LengthCheckedDifference(Higher, Mixed).DependsOnLength);
        Assert.False(new LengthCheckedDifference(Higher, Lower).Settled);
        Assert.False(new LengthCheckedDifference(Higher, null).Settled);
        Assert.True(new LengthCheckedDifference(Higher, null).DependsOnLength);
        // Not settled at the end: never settled, and not "depending on the length" either, whatever the halfway word.
        Assert.False(new LengthCheckedDifference(Mixed, Higher).Settled);
        Assert.False(new LengthCheckedDifference(Mixed, Higher).DependsOnLength);
        Assert.True(new LengthCheckedDifference(Mixed, Mixed).SameHalfway);
    }

    [Fact]
    public void A_settled_end_verdict_with_a_different_halfway_word_prints_not_settled_depending_on_the_training_length()
    {
        // Item 4's case: higher on every seed at the end, not settled halfway.
        var changed = BetaVaeReading.MigComparison(new LengthCheckedDifference(Higher, Mixed));
        Assert.StartsWith("not settled: not confirmed halfway (at the end β-TCVAE β = 8 is higher than β = 8 on every seed, per seed +0.060, +0.050", changed);
        Assert.Contains("halfway through training the verdict was \"not settled\" (mean +0.027 ± ", changed);
        Assert.Contains("higher on 4 of 5 seeds", changed);
        Assert.DoesNotContain("higher on every seed (", changed);
        // Lower at the end, higher halfway.
        var reversed = BetaVaeReading.MigComparison(new LengthCheckedDifference(Lower, Higher));
        Assert.StartsWith("not settled: reversed between halfway and the end (", reversed);
        Assert.Contains("is lower than β = 8 on every seed", reversed);
        Assert.Contains("the verdict was \"β-TCVAE β = 8 above β = 8\"", reversed);
        // No halfway checkpoint.
        var unchecked_ = BetaVaeReading.MigComparison(new LengthCheckedDifference(Higher, null));
        Assert.StartsWith("not settled: not checked at a second training length (", unchecked_);
        Assert.Contains("this run has no halfway checkpoint", unchecked_);
        // The same word halfway: the end's words stand, exactly as without the check.
        Assert.Equal(BetaVaeReading.MigComparison(Higher), BetaVaeReading.MigComparison(Stable(Higher)));
        Assert.Equal(BetaVaeReading.MigComparison(Lower), BetaVaeReading.MigComparison(Stable(Lower)));
        // Not settled at the end: "not settled (…)" whatever halfway said.
        Assert.Equal(BetaVaeReading.MigComparison(Mixed), BetaVaeReading.MigComparison(new LengthCheckedDifference(Mixed, Higher)));
        // Items 1 and 3: the caller's words, unless the verdict depends on the length.
        Assert.Equal("up", BetaVaeReading.Said(Stable(Higher), "up", "down", "open"));
        Assert.Equal("down", BetaVaeReading.Said(Stable(Lower), "up", "down", "open"));
        Assert.Equal("open", BetaVaeReading.Said(new LengthCheckedDifference(Mixed, Lower), "up", "down", "open"));
        var items13 = BetaVaeReading.Said(new LengthCheckedDifference(Higher, Mixed), "up", "down", "open");
        Assert.StartsWith("not settled: not confirmed halfway (at the end β-TCVAE β = 8 is higher than β = 8 on every seed, mean +0.060 ± ", items13);
        Assert.DoesNotContain("per seed", items13);
    }

    [Fact]
    public void Halfway_lines_are_labelled_secondary_and_say_what_section_nine_does_with_them()
    {
        var same = BetaVaeReading.HalfwayLine("4", "asymmetric", Stable(Higher), 7, 14);
        Assert.StartsWith("Item 4 (asymmetric set), epoch 7 of 14: β-TCVAE β = 8 − β = 8: +0.060", same);
        Assert.Contains("→ β-TCVAE β = 8 above β = 8; the same word as at the end.", same);
        Assert.EndsWith(BetaVaeReading.SecondaryLabel, same);
        var changed = BetaVaeReading.HalfwayLine("4b", "asymmetric", new LengthCheckedDifference(Higher, Mixed), 7, 14);
        Assert.Contains("a different word from the end's (\"β-TCVAE β = 8 above β = 8\"): section 9 reads item 4b as not settled (not confirmed halfway)", changed);
        Assert.EndsWith(BetaVaeReading.SecondaryLabel, changed);
        // The asymmetric set at session seed 1234: "above" halfway, "not settled" at the end — the end word stands.
        var kept = BetaVaeReading.HalfwayLine("3", "asymmetric", new LengthCheckedDifference(Mixed, Higher), 7, 14);
        Assert.Contains("a different word from the end's (\"not settled\"), which section 9 keeps", kept);
        Assert.EndsWith(BetaVaeReading.SecondaryLabel, kept);
        var none = BetaVaeReading.HalfwayLine("1", "symmetric", new LengthCheckedDifference(Higher, null), 1, 1);
        Assert.Contains("no halfway checkpoint (1 epoch)", none);
        Assert.Contains("not checked at a second training length", none);
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
