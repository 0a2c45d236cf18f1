using VaeLab.Evaluation;

namespace VaeLab.Tests.Evaluation;

/// <summary>Notebook 06's decoder-alone control over seeds: the paired verdict under the movement rule, and the gap's trend.</summary>
public sealed class DecoderAloneControlTests
{
    // A seed whose VAE bound and decoder-alone NLL follow the given per-epoch values.
    private static DecoderAloneSeed Seed(int seed, double[] vae, double[] alone) => new(seed, vae, alone);

    [Fact]
    public void A_gap_larger_than_every_models_last_epoch_change_on_every_seed_says_z_pays()
    {
        var control = new DecoderAloneControl([
            Seed(1, [120, 118, 117.5], [140, 132, 130.0]),
            Seed(2, [121, 118, 117.6], [141, 133, 130.5]),
            Seed(3, [120, 119, 117.4], [139, 132, 130.2])]);
        Assert.Equal(MovementVerdict.Settled, control.Movement);
        Assert.Equal(DecoderAloneVerdict.ZPaysForItsKl, control.Verdict);
        Assert.Contains("(settled)", control.VerdictLine());
        Assert.Equal(GapTrend.ShrinkingEverySeed, control.Trend);
        Assert.Contains("still shrinking at every seed", control.TrendLine(4));
    }

    [Fact]
    public void The_decoder_alone_below_the_bound_on_every_seed_says_z_does_not_pay()
    {
        var control = new DecoderAloneControl([
            Seed(1, [130, 129.9], [125, 124.8]),
            Seed(2, [131, 130.8], [125, 124.6]),
            Seed(3, [130, 129.8], [126, 125.1])]);
        Assert.Equal(DecoderAloneVerdict.AloneDoesBetter, control.Verdict);
        Assert.Contains("does not pay", control.VerdictLine());
        Assert.Equal(GapTrend.GrowingEverySeed, control.Trend);   // gaps −5 → −5.1, −6 → −6.2, −4 → −4.7: the models drift apart
        Assert.Contains("still growing at every seed", control.TrendLine());
    }

    [Fact]
    public void A_gap_within_the_last_epoch_movement_or_from_too_few_seeds_is_not_settled()
    {
        // Every seed agrees (gap ≈ 3 nats), but one model still fell 5 nats in its last epoch.
        var moving = new DecoderAloneControl([
            Seed(1, [125, 120], [125, 123]),
            Seed(2, [124, 120.2], [124.5, 123.1]),
            Seed(3, [124, 120.1], [124, 123.2])]);
        Assert.Equal(MovementVerdict.WithinMovement, moving.Movement);
        Assert.Equal(DecoderAloneVerdict.NotSettled, moving.Verdict);
        Assert.Contains("some model still moved", moving.VerdictLine());
        // A large gap on one seed only: a verdict needs at least three.
        var one = new DecoderAloneControl([Seed(42, [120, 117.8], [135, 130.2])]);
        Assert.Equal(DecoderAloneVerdict.NotSettled, one.Verdict);
        Assert.Contains("a verdict needs at least 3", one.VerdictLine());
        // The seeds disagree in sign.
        var split = new DecoderAloneControl([Seed(1, [120, 119.9], [125, 124.9]), Seed(2, [120, 119.9], [115, 114.9]), Seed(3, [120, 119.9], [125, 124.9])]);
        Assert.Equal(MovementVerdict.NotSettledBySeeds, split.Movement);
        Assert.Equal(DecoderAloneVerdict.NotSettled, split.Verdict);
    }

    [Fact]
    public void A_mean_gap_beyond_the_movement_with_one_seed_inside_it_is_not_settled()
    {
        // Gaps 10, 10, 4 nats; one VAE still fell 5 nats in its last epoch: the mean (8) is beyond the movement and the
        // seeds settle the sign, but seed 3's gap is not beyond the movement, so "on every seed, by more than any model
        // still moved" would be false.
        var control = new DecoderAloneControl([
            Seed(1, [125, 120], [130.5, 130]),
            Seed(2, [121, 120], [130.5, 130]),
            Seed(3, [121, 120], [124.5, 124])]);
        Assert.Equal(MovementVerdict.Settled, control.Movement);
        Assert.False(control.EverySeedBeyondMovement);
        Assert.Equal(DecoderAloneVerdict.NotSettled, control.Verdict);
        Assert.Contains("the gap on some seed is not", control.VerdictLine());
        Assert.DoesNotContain("(settled)", control.VerdictLine());
    }

    [Fact]
    public void The_decoder_alones_own_movement_counts()
    {
        // The VAEs have settled; one decoder-alone model still fell 20 nats in its last epoch, more than every gap.
        var control = new DecoderAloneControl([
            Seed(1, [118, 118], [150, 130]),
            Seed(2, [118, 118], [131, 130.5]),
            Seed(3, [118, 118], [131, 130.2])]);
        Assert.NotEqual(DecoderAloneVerdict.ZPaysForItsKl, control.Verdict);
    }

    [Fact]
    public void The_trend_is_mixed_when_the_seeds_last_changes_differ_in_sign_and_unmeasured_after_one_epoch()
    {
        var mixed = new DecoderAloneControl([Seed(1, [120, 118], [132, 131]), Seed(2, [120, 119], [132, 130])]);
        Assert.Equal(GapTrend.Mixed, mixed.Trend);            // seed 1: 12 → 13 (grows), seed 2: 12 → 11 (shrinks)
        Assert.Contains("no common trend", mixed.TrendLine());
        var single = new DecoderAloneControl([Seed(1, [120], [130]), Seed(2, [121], [131]), Seed(3, [122], [133])]);
        Assert.Equal(GapTrend.NotMeasured, single.Trend);
        Assert.Equal(DecoderAloneVerdict.NotSettled, single.Verdict);   // no last-epoch change measured: unbounded movement
        Assert.Contains("1–1", single.TrendLine());
    }

    [Fact]
    public void Small_gaps_print_with_the_decimals_asked_for()
    {
        DecoderAloneSeed[] seeds = [Seed(1, [17.20, 17.15], [17.10, 17.09]), Seed(2, [17.30, 17.16], [17.12, 17.10]), Seed(3, [17.25, 17.14], [17.11, 17.08])];
        var coarse = new DecoderAloneControl(seeds);
        Assert.Contains("gap -0.1", coarse.VerdictLine());                    // −0.06 at one decimal
        var fine = new DecoderAloneControl(seeds, decimals: 3);
        Assert.Contains("seed 1: alone 17.090 vs VAE 17.150, gap -0.060", fine.VerdictLine());
        Assert.Contains("seed 1: -0.100 → -0.060", fine.TrendLine(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderAloneControl(seeds, decimals: 7));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_message()
    {
        Assert.Throws<ArgumentException>(() => Seed(1, [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new DecoderAloneControl([]));
        Assert.Throws<ArgumentException>(() => new DecoderAloneControl([Seed(1, [1, 2], [3, 4]), Seed(2, [1], [3])]));
    }
}
