using VaeLab.Experiments;

namespace VaeLab.Tests.Experiments;

public class VaeGanOutcomeTests
{
    [Fact]
    public void WorkedMeansALowerScoreThanTheControlAndTheSummaryCountsSeeds()
    {
        var better = new VaeGanOutcome(1, GanScore: 10, ControlScore: 12, RealCalledReal: 0.9, GeneratedCalledReal: 0.3);
        var worse = new VaeGanOutcome(2, GanScore: 14, ControlScore: 12, RealCalledReal: 1.0, GeneratedCalledReal: 0.0);
        Assert.True(better.Worked);
        Assert.False(worse.Worked);
        Assert.Equal(0.8, better.DiscriminatorAccuracy, 12);
        Assert.Equal(1.0, worse.DiscriminatorAccuracy, 12);
        Assert.Contains("FAILED", worse.ToString());
        Assert.Contains("worked", better.ToString());
        Assert.Contains("every seed (2 of 2)", VaeGanOutcome.Summary([better, better with { Seed = 3 }]));
        Assert.Contains("failed on every seed", VaeGanOutcome.Summary([worse]));
        Assert.Contains("not settled", VaeGanOutcome.Summary([better, worse]));
        Assert.Throws<ArgumentException>(() => VaeGanOutcome.Summary([]));
    }
}
