using VaeLab.Evaluation;

namespace VaeLab.Tests.Evaluation;

/// <summary>Notebook 06's section-4 reading: the exact floor bounds what is left; a small change at a decayed rate proves nothing.</summary>
public sealed class TrainingLengthReadingTests
{
    private static LastEpochChange Change(bool constant, params double[] falls) => new("method", falls, constant);

    [Fact]
    public void A_model_within_the_tolerance_of_the_floor_is_converged_whatever_it_still_did()
    {
        var near = new TrainingLengthReading(Change(true, 0.2, 0.3, 0.25), [0.03, 0.05, 0.04], 3e-5, 3e-3);
        Assert.Equal(TrainingLengthOutcome.AtFloor, near.Outcome(0.1));
        Assert.Contains("could not fall by more than 0.05", near.Line(0.1));
        // One seed beyond the tolerance is enough to lose the bound.
        var oneFar = near with { GapPerSeed = [0.03, 0.15, 0.04] };
        Assert.NotEqual(TrainingLengthOutcome.AtFloor, oneFar.Outcome(0.1));
        Assert.Equal(TrainingLengthOutcome.AboveFloorAtDecayedRate, oneFar.Outcome(0.1));
    }

    [Fact]
    public void At_a_decayed_rate_any_change_above_the_floor_reads_as_one_outcome_but_at_a_constant_rate_it_is_read()
    {
        var decayed = new TrainingLengthReading(Change(true, 0.01, 0.02, 0.01), [0.6, 0.7, 0.8], 3e-5, 3e-3);
        Assert.Equal(TrainingLengthOutcome.AboveFloorAtDecayedRate, decayed.Outcome(0.1));
        Assert.Contains("does not show convergence", decayed.Line(0.1));
        Assert.Contains("up to 0.80", decayed.Line(0.1));
        // The largest one-seed change is a size, in either direction (a seed's −ELBO can rise in its last epoch).
        var rose = new TrainingLengthReading(Change(true, 0.01, -0.04, 0.01), [0.6, 0.7, 0.8], 3e-5, 3e-3);
        Assert.Contains("the largest change of one seed's model, either way: 0.040", rose.Line(0.1));
        Assert.Equal(TrainingLengthOutcome.LevelledOff, (decayed with { FinalRate = 3e-3 }).Outcome(0.1));
        // At a decayed rate a large change reads the same as a small one (no word that flips on a threshold) …
        Assert.Equal(TrainingLengthOutcome.AboveFloorAtDecayedRate, (decayed with { Change = Change(true, 0.06, 0.07, 0.08) }).Outcome(0.1));
        // … at an undecayed rate a change above 0.05 nats (or 5 % of the gap) is still improving.
        Assert.Equal(TrainingLengthOutcome.StillImproving, (decayed with { Change = Change(true, 0.06, 0.07, 0.08), FinalRate = 3e-3 }).Outcome(0.1));
        Assert.Equal(TrainingLengthOutcome.StillImproving, new TrainingLengthReading(Change(true, 0.04, 0.04, 0.04), [0.5, 0.5, 0.5], 3e-3, 3e-3).Outcome(0.1));
    }

    [Fact]
    public void A_schedule_still_ramping_or_a_single_epoch_is_not_read_and_bad_input_is_refused()
    {
        var ramping = new TrainingLengthReading(Change(false, 0.01, 0.01), [0.5, 0.6], 3e-5, 3e-3);
        Assert.Equal(TrainingLengthOutcome.ScheduleStillChanging, ramping.Outcome(0.1));
        Assert.Equal(TrainingLengthOutcome.AtFloor, (ramping with { GapPerSeed = [0.02, 0.03] }).Outcome(0.1));
        Assert.Equal(TrainingLengthOutcome.NotMeasured, new TrainingLengthReading(Change(true), [0.5, 0.6], 3e-3, 3e-3).Outcome(0.1));
        Assert.Throws<ArgumentException>(() => ramping.Outcome(0));
        Assert.Throws<ArgumentException>(() => (ramping with { FinalRate = 1e-2 }).Outcome(0.1));
        Assert.Throws<ArgumentException>(() => (ramping with { GapPerSeed = [] }).Outcome(0.1));
    }
}
