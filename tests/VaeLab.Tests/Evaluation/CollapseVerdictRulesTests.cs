using VaeLab.Evaluation;

namespace VaeLab.Tests.Evaluation;

/// <summary>Notebook 06's two verdict rules: differences in nats against models that still move, and the aim over seeds.</summary>
public sealed class CollapseVerdictRulesTests
{
    private static PairedDifference Diff(params double[] d) => new("method", "plain", d);

    private static LastEpochChange Change(string name, bool constant, params double[] falls) => new(name, falls, constant);

    [Fact]
    public void A_difference_counts_only_beyond_the_largest_single_seed_change_of_either_method()
    {
        var difference = Diff(0.05, 0.06, 0.07, 0.06, 0.06);                           // settled by the seeds: mean 0.06
        var plain = Change("plain", true, 0.02, 0.03, 0.02, 0.03, 0.02);
        // Mean fall 0.03 < 0.06, but one seed's model moved 0.09: that seed could reverse its sign with one more epoch.
        var moving = Change("method", true, 0.01, 0.01, 0.09, 0.01, 0.01);
        Assert.Equal(0.09, MovementRule.Movement(moving, plain), 12);
        Assert.Equal(MovementVerdict.WithinMovement, MovementRule.Judge(difference, moving, plain));
        Assert.Contains("0.090", MovementRule.Reason(MovementVerdict.WithinMovement, moving, plain));
        // The same, with the large change on the plain side: the rule is symmetric.
        Assert.Equal(MovementVerdict.WithinMovement, MovementRule.Judge(difference, plain, moving));
        // Every model moved less than the difference: settled, in either direction.
        var still = Change("method", true, 0.01, -0.02, 0.03, 0.01, 0.02);
        Assert.Equal(MovementVerdict.Settled, MovementRule.Judge(difference, still, plain));
        Assert.Equal(MovementVerdict.Settled, MovementRule.Judge(Diff(-0.05, -0.06, -0.07, -0.06, -0.06), still, plain));
        // A rise (negative fall) counts by its size.
        Assert.Equal(MovementVerdict.WithinMovement, MovementRule.Judge(difference, Change("method", true, 0.01, -0.08, 0, 0, 0), plain));
    }

    [Fact]
    public void Seeds_that_disagree_are_not_settled_whatever_the_movement()
    {
        var plain = Change("plain", true, 0, 0, 0, 0, 0);
        Assert.Equal(MovementVerdict.NotSettledBySeeds, MovementRule.Judge(Diff(0.5, 0.6, -0.1, 0.5, 0.6), plain, plain));
        Assert.Null(MovementRule.Reason(MovementVerdict.NotSettledBySeeds, plain, plain));
    }

    [Fact]
    public void A_method_whose_weight_changed_in_its_last_epoch_is_not_judged_by_its_last_epoch_change()
    {
        var difference = Diff(0.5, 0.6, 0.7, 0.6, 0.6);                                // far beyond any movement
        var plain = Change("plain", true, 0.01, 0.01, 0.01, 0.01, 0.01);
        var ramping = Change("cyclical", false, 0.01, 0.01, 0.01, 0.01, 0.01);
        Assert.Equal(MovementVerdict.ScheduleStillChanging, MovementRule.Judge(difference, ramping, plain));
        Assert.Contains("cyclical's KL weight", MovementRule.Reason(MovementVerdict.ScheduleStillChanging, ramping, plain));
        // The same change with the weight constant is settled.
        Assert.Equal(MovementVerdict.Settled, MovementRule.Judge(difference, ramping with { WeightConstant = true }, plain));
        // A single epoch measures no change at all: nothing in nats is settled.
        Assert.Equal(MovementVerdict.WithinMovement, MovementRule.Judge(difference, Change("one epoch", true), plain));
        Assert.Throws<ArgumentException>(() => MovementRule.Judge(difference, Change("short", true, 0.1, 0.1), plain));
    }

    [Fact]
    public void The_aim_is_reached_only_when_every_seed_clears_the_margin()
    {
        var reached = SeedAim.Judge([0.95, 0.96, 0.94, 0.97, 0.95], 0.9, 0.028);
        Assert.Equal(AimOutcome.Reached, reached.Outcome);
        Assert.Empty(reached.BelowMargin);
        // One seed inside the margin: not settled.
        Assert.Equal(AimOutcome.NotSettled, SeedAim.Judge([0.95, 0.96, 0.91, 0.97, 0.95], 0.9, 0.028).Outcome);
    }

    [Fact]
    public void One_seed_below_the_margin_makes_the_aim_not_settled_not_missed()
    {
        // Session seed 42's word-dropout replicas: one at 0.852 < 0.872, the mean's interval reaches above 0.9.
        var judgement = SeedAim.Judge([0.931, 0.893, 0.852, 0.922, 0.943], 0.9, 0.028);
        Assert.Equal(AimOutcome.NotSettled, judgement.Outcome);
        Assert.Equal([0.852], judgement.BelowMargin);
        Assert.True(judgement.UpperBound > 0.9);
    }

    [Fact]
    public void The_aim_is_missed_when_the_seeds_mean_falls_short_beyond_its_interval()
    {
        var judgement = SeedAim.Judge([0.778, 0.764, 0.749, 0.796, 0.775], 0.9, 0.028);
        Assert.Equal(AimOutcome.NotReached, judgement.Outcome);
        Assert.True(judgement.UpperBound < 0.9);
        // A mean below the target whose interval still reaches it (few, spread seeds) is not settled.
        Assert.Equal(AimOutcome.NotSettled, SeedAim.Judge([0.80, 0.97, 0.85], 0.9, 0.028).Outcome);
        // One seed alone: no interval, never "not reached".
        Assert.Equal(AimOutcome.NotSettled, SeedAim.Judge([0.5], 0.9, 0.028).Outcome);
    }

    [Fact]
    public void Student_t_quantiles_match_the_table_values()
    {
        Assert.Equal(2.776, SeedAim.StudentT975(4), 3);
        Assert.Equal(4.303, SeedAim.StudentT975(2), 3);
        Assert.InRange(SeedAim.StudentT975(60), 1.998, 2.002);
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedAim.StudentT975(0));
        Assert.Throws<ArgumentException>(() => SeedAim.Judge([], 0.9, 0.01));
    }
}
