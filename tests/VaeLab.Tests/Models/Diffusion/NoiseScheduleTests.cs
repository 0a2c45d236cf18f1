using VaeLab.Models.Diffusion;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Diffusion;

public class NoiseScheduleTests
{
    [Fact]
    public void LinearScheduleHasHoEtAlsEndpointsAndAlphaBarIsTheRunningProduct()
    {
        var schedule = NoiseSchedule.Linear();
        Assert.Equal(1000, schedule.Steps);
        Assert.Equal(1e-4, schedule.Beta(1), 12);
        Assert.Equal(0.02, schedule.Beta(1000), 12);
        Assert.Equal(1.0, schedule.AlphaBar(0));
        var product = 1.0;
        for (var t = 1; t <= 1000; t++)
        {
            product *= 1 - schedule.Beta(t);
            Assert.Equal(product, schedule.AlphaBar(t), 12);
        }
        Assert.InRange(schedule.AlphaBar(1000), 0, 1e-4); // x_T is almost pure noise
    }

    [Fact]
    public void IteratedStepsHaveTheClosedFormVariance()
    {
        // x_t = √ᾱ_t x_0 + Σ_s √β_s (∏_{r=s+1..t} √α_r) ε_s, so Var = Σ_s β_s ∏_{r>s} α_r, which must equal 1 − ᾱ_t (eq. 4).
        var schedule = new NoiseSchedule([0.1, 0.3, 0.05, 0.2]);
        for (var t = 1; t <= 4; t++)
        {
            var variance = 0.0;
            for (var s = 1; s <= t; s++)
            {
                var carried = 1.0;
                for (var r = s + 1; r <= t; r++) carried *= schedule.Alpha(r);
                variance += schedule.Beta(s) * carried;
            }
            Assert.Equal(1 - schedule.AlphaBar(t), variance, 12);
        }
    }

    [Fact]
    public void IteratedStepsMatchTheClosedFormByMonteCarlo()
    {
        var schedule = NoiseSchedule.Linear(50, 0.01, 0.2);
        using var generator = new Generator(3);
        var x0 = tensor(new[] { 2.0, -1.0 }, ScalarType.Float64).repeat(100_000, 1);          // [S, 2]
        var x = x0.clone();
        const int t = 30;
        for (var s = 1; s <= t; s++) x = schedule.Step(x, s, randn(x.shape, ScalarType.Float64, generator: generator));
        var closed = schedule.Noise(x0, full(100_000, t, ScalarType.Int64), randn(x0.shape, ScalarType.Float64, generator: generator));
        var expectedMean = Math.Sqrt(schedule.AlphaBar(t));
        var expectedVariance = 1 - schedule.AlphaBar(t);
        foreach (var sample in new[] { x, closed })
        {
            var mean = sample.mean([0]).data<double>().ToArray();
            var variance = sample.var(0).data<double>().ToArray();
            var standardError = Math.Sqrt(expectedVariance / 100_000);
            Assert.InRange(mean[0], 2 * expectedMean - 4 * standardError, 2 * expectedMean + 4 * standardError);
            Assert.InRange(mean[1], -expectedMean - 4 * standardError, -expectedMean + 4 * standardError);
            Assert.All(variance, v => Assert.InRange(v, expectedVariance * 0.98, expectedVariance * 1.02));
        }
    }

    [Fact]
    public void TheTrueNoiseRecoversTheStartAndTheFirstReverseMeanIsTheStart()
    {
        var schedule = NoiseSchedule.Linear(20, 0.01, 0.3);
        using var generator = new Generator(5);
        var x0 = randn([6, 3], ScalarType.Float64, generator: generator);
        var noise = randn([6, 3], ScalarType.Float64, generator: generator);
        var times = tensor(new long[] { 1, 2, 5, 10, 19, 20 });
        var xt = schedule.Noise(x0, times, noise);
        for (var i = 0; i < 6; i++)
        {
            var t = (int)times[i].item<long>();
            var start = schedule.PredictedStart(xt[i], t, noise[i]);
            Assert.True(start.allclose(x0[i], 1e-9, 1e-9), $"t = {t}");
        }
        // At t = 1, μ_θ with the true noise is x_0 exactly: (x_1 − β_1/√β_1 ε)/√α_1 = x_0.
        var x1 = schedule.Noise(x0, full(6, 1, ScalarType.Int64), noise);
        Assert.True(schedule.ReverseMean(x1, 1, noise).allclose(x0, 1e-9, 1e-9));
    }

    [Fact]
    public void PosteriorVarianceIsBetaTilde()
    {
        var schedule = new NoiseSchedule([0.1, 0.2, 0.3]);
        Assert.Equal(0.0, schedule.PosteriorVariance(1), 12);
        // β̃_2 = (1 − ᾱ_1)/(1 − ᾱ_2) · β_2 = 0.1 / (1 − 0.9·0.8) · 0.2
        Assert.Equal(0.1 / (1 - 0.72) * 0.2, schedule.PosteriorVariance(2), 12);
    }

    [Fact]
    public void BadInputsGetOneLineErrors()
    {
        Assert.Throws<ArgumentException>(() => new NoiseSchedule([0.1, 1.0]));
        Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(0));
        var schedule = NoiseSchedule.Linear(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Beta(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AlphaBar(11));
        var x0 = zeros(4, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Noise(x0, tensor(new long[] { 0, 1, 2, 3 }), zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => schedule.Noise(x0, tensor(new long[] { 1, 2 }), zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => schedule.Noise(x0, tensor(new long[] { 1, 2, 3, 4 }), zeros(4, 3)));
    }
}
