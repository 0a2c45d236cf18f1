using VaeLab.Evaluation;

namespace VaeLab.Tests.Evaluation;

/// <summary>Notebook 06's count of the cyclical schedule's rise and fall in the KL after every epoch.</summary>
public sealed class ScheduleRestartsTests
{
    private static readonly bool[] Alternating = [true, false, true, false, true, false];

    [Fact]
    public void A_sawtooth_that_rises_on_every_ramp_and_falls_after_it_counts_every_change()
    {
        Assert.Equal((5, 5), ScheduleRestarts.Count([0.62, 0.27, 0.66, 0.39, 0.80, 0.60], Alternating));
        var line = ScheduleRestarts.Describe("cyclical", [new(42, 5, 5), new(43, 5, 5)]);
        Assert.Contains("10 of 10", line);
        Assert.Contains("shows on every seed", line);
    }

    [Fact]
    public void A_KL_that_only_falls_misses_the_rises_and_the_line_says_so()
    {
        Assert.Equal((3, 5), ScheduleRestarts.Count([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], Alternating));
        var line = ScheduleRestarts.Describe("cyclical", [new(42, 3, 5), new(43, 5, 5)]);
        Assert.Contains("8 of 10", line);
        Assert.Contains("does not show in every change", line);
    }

    [Fact]
    public void Epochs_that_all_hold_a_ramp_give_nothing_to_count()
    {
        Assert.Equal((0, 0), ScheduleRestarts.Count([0.3, 0.5], [true, true]));
        Assert.Contains("not measured", ScheduleRestarts.Describe("cyclical", [new(42, 0, 0)]));
        Assert.Throws<ArgumentException>(() => ScheduleRestarts.Count([0.3, 0.5], [true]));
    }
}
