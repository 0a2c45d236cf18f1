using VaeLab.Objectives.Schedules;

namespace VaeLab.Tests.Objectives;

public class KlScheduleTests
{
    [Fact]
    public void ConstantGivesBetaAtEveryStep()
    {
        var schedule = new ConstantKlSchedule(4);
        Assert.Equal(4, schedule.WeightAt(0, 100));
        Assert.Equal(4, schedule.WeightAt(57, 100));
        Assert.Equal(4, schedule.WeightAt(99, 100));
        Assert.Equal(0, new ConstantKlSchedule(0).WeightAt(3, 10));
    }

    [Fact]
    public void LinearWarmupRisesFromZeroToOneOverItsFraction()
    {
        // 100 steps, warm-up over the first 40: β = t / 40 until step 40, then 1.
        var schedule = new LinearWarmupKlSchedule(0.4);
        Assert.Equal(0, schedule.WeightAt(0, 100));
        Assert.Equal(0.25, schedule.WeightAt(10, 100), 12);
        Assert.Equal(0.975, schedule.WeightAt(39, 100), 12);
        Assert.Equal(1, schedule.WeightAt(40, 100));
        Assert.Equal(1, schedule.WeightAt(99, 100));
        // Fraction 1: still rising at the last step, (T − 1) / T.
        Assert.Equal(0.99, new LinearWarmupKlSchedule(1).WeightAt(99, 100), 12);
    }

    [Fact]
    public void SigmoidIsHalfAtTheMidpointAndLogisticElsewhere()
    {
        var schedule = new SigmoidKlSchedule(0.5, 10);
        Assert.Equal(1 / (1 + Math.Exp(5)), schedule.WeightAt(0, 1000), 12);       // 0.00669
        Assert.Equal(0.5, schedule.WeightAt(500, 1000), 12);
        Assert.Equal(1 / (1 + Math.Exp(-2.5)), schedule.WeightAt(750, 1000), 12);  // 0.924
        Assert.Equal(1 / (1 + Math.Exp(-10 * (999 / 1000.0 - 0.5))), schedule.WeightAt(999, 1000), 12);
        // Midpoint 0.2: the half-way point moves to step 200.
        Assert.Equal(0.5, new SigmoidKlSchedule(0.2, 30).WeightAt(200, 1000), 12);
    }

    [Fact]
    public void CyclicalRestartsAtEachCycleBoundaryAndHoldsOneAfterTheRamp()
    {
        // 100 steps, M = 4 cycles of 25 steps, R = 0.5: rise over 12.5 steps, β = (t mod 25) / 12.5, capped at 1.
        var schedule = new CyclicalKlSchedule(4, 0.5);
        Assert.Equal(0, schedule.WeightAt(0, 100));
        Assert.Equal(0.4, schedule.WeightAt(5, 100), 12);
        Assert.Equal(0.96, schedule.WeightAt(12, 100), 12);
        Assert.Equal(1, schedule.WeightAt(13, 100));
        Assert.Equal(1, schedule.WeightAt(24, 100));
        foreach (var boundary in new[] { 25, 50, 75 }) Assert.Equal(0, schedule.WeightAt(boundary, 100));
        Assert.Equal(0.08, schedule.WeightAt(26, 100), 12);
        Assert.Equal(1, schedule.WeightAt(99, 100));
    }

    [Fact]
    public void CyclicalMatchesTheReferenceConstructionWhenCyclesDoNotDivideTheRun()
    {
        // The authors' construction, re-derived: cycle c starts at c·T/M (real); its i-th step gets i / (R·T/M), capped at 1.
        const int total = 103;
        var schedule = new CyclicalKlSchedule(3, 0.3);
        var period = total / 3.0;
        var weights = schedule.Weights(total);
        for (var t = 0; t < total; t++)
        {
            var cycle = (int)Math.Floor(t / period);
            var positionInCycle = t - cycle * period;
            Assert.Equal(Math.Min(1, positionInCycle / (0.3 * period)), weights[t], 9);
        }
        // One cycle with R = 1 is the linear warm-up over the whole run.
        Assert.Equal(new LinearWarmupKlSchedule(1).Weights(50), new CyclicalKlSchedule(1, 1).Weights(50));
    }

    [Fact]
    public void DefaultsAreThePapersSettings()
    {
        var cyclical = new CyclicalKlSchedule();
        Assert.Equal(4, cyclical.Cycles);
        Assert.Equal(0.5, cyclical.RampFraction);
        Assert.Equal("cyclical:4:0.5", cyclical.ToString());
        Assert.Equal("constant:1", new ConstantKlSchedule().ToString());
    }

    [Theory]
    [InlineData("constant:4")]
    [InlineData("constant:0")]
    [InlineData("constant:0.25")]
    [InlineData("linear:0.5")]
    [InlineData("linear:1")]
    [InlineData("sigmoid:0.5:10")]
    [InlineData("sigmoid:0:2.5")]
    [InlineData("cyclical:4:0.5")]
    [InlineData("cyclical:1:1")]
    public void SpecsRoundTrip(string spec)
    {
        var schedule = KlSchedule.Parse(spec);
        Assert.Equal(spec, schedule.ToString());
        Assert.Equal(schedule, KlSchedule.Parse(schedule.ToString()));
    }

    [Fact]
    public void ParseBuildsTheRightScheduleAndToleratesCaseAndSpaces()
    {
        Assert.Equal(new SigmoidKlSchedule(0.3, 12), KlSchedule.Parse(" Sigmoid:0.3: 12 "));
        Assert.Equal(new CyclicalKlSchedule(2, 0.25), KlSchedule.Parse("CYCLICAL:2:0.25"));
        Assert.Equal(new LinearWarmupKlSchedule(0.1), KlSchedule.Parse("linear:1e-1"));
        // An awkward double survives the trip exactly.
        var third = new ConstantKlSchedule(1.0 / 3);
        Assert.Equal(third, KlSchedule.Parse(third.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("warmup:0.5", "Unknown KL schedule 'warmup'")]
    [InlineData("constant", "0 number(s) after 'constant', but constant takes 1")]
    [InlineData("constant:1:2", "2 number(s) after 'constant', but constant takes 1")]
    [InlineData("sigmoid:0.5", "1 number(s) after 'sigmoid', but sigmoid takes 2")]
    [InlineData("cyclical:4", "1 number(s) after 'cyclical', but cyclical takes 2")]
    [InlineData("cyclical:4:0.5:1", "3 number(s) after 'cyclical', but cyclical takes 2")]
    [InlineData("constant:-1", "BETA must be a finite number ≥ 0")]
    [InlineData("constant:abc", "BETA in the KL schedule 'constant:abc' is 'abc', not a finite number")]
    [InlineData("constant:NaN", "not a finite number")]
    [InlineData("constant:Infinity", "not a finite number")]
    [InlineData("linear:0", "FRACTION (the share of the run spent warming up) must be in (0, 1]")]
    [InlineData("linear:1.5", "must be in (0, 1]")]
    [InlineData("linear:", "FRACTION in the KL schedule 'linear:' is '', not a finite number")]
    [InlineData("sigmoid:1.2:10", "MIDPOINT")]
    [InlineData("sigmoid:0.5:0", "STEEPNESS must be a finite number > 0")]
    [InlineData("sigmoid:0.5:x", "STEEPNESS in the KL schedule")]
    [InlineData("cyclical:0:0.5", "CYCLES (M, the number of cycles) must be at least 1; got 0")]
    [InlineData("cyclical:-2:0.5", "must be at least 1")]
    [InlineData("cyclical:2.5:0.5", "CYCLES in the KL schedule 'cyclical:2.5:0.5' is '2.5', not a whole number")]
    [InlineData("cyclical:4:0", "RAMP (R, the share of each cycle spent rising) must be in (0, 1]; got 0")]
    [InlineData("cyclical:4:1.01", "must be in (0, 1]")]
    [InlineData("cyclical:4:-0.5", "must be in (0, 1]")]
    public void BadSpecsSayWhatWasWrongOnOneLineAndListTheAcceptedForms(string spec, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => KlSchedule.Parse(spec));
        Assert.Contains(expected, error.Message);
        Assert.Contains(KlSchedule.AcceptedForms, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ConstructorsValidateAndStepsOutsideTheRunAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ConstantKlSchedule(-0.1));
        Assert.Throws<ArgumentException>(() => new LinearWarmupKlSchedule(0));
        Assert.Throws<ArgumentException>(() => new SigmoidKlSchedule(0.5, -1));
        Assert.Throws<ArgumentException>(() => new CyclicalKlSchedule(0));
        var schedule = new LinearWarmupKlSchedule(0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.WeightAt(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.WeightAt(10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.WeightAt(0, 0));
    }
}
