using VaeLab.Numerics;
using VaeLab.Evaluation;
using VaeLab.Experiments;
using VaeLab.Inference.Gradients;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Gradients;

/// <summary>The readings notebook 03 prints: the variance table, the three-way training comparison, the categorical table.</summary>
public class ReadingTests
{
    [Fact]
    public void Variance_reading_fits_exponents_and_says_what_the_baseline_left()
    {
        var reading = AnswerCardTests.Variance();
        Assert.Equal(-1, reading.SampleExponents[VarianceReading.Pathwise], 6);
        Assert.Equal(0, reading.DimensionExponents[VarianceReading.Pathwise], 6);
        Assert.Equal(1, reading.DimensionExponents[VarianceReading.Baseline], 6);
        Assert.Equal(16, reading.Small.Dimension);
        Assert.Equal(512, reading.Largest.Dimension);
        Assert.Equal(1.2 * 512 / 0.4, reading.Largest.BaselineOverPathwise, 6);
        var expectedRemoved = 1 - (1.2 * 512) / (0.4 * 512 * 512 + 2);
        Assert.Equal(expectedRemoved, reading.BaselineRemovedAtLargest, 9);
        var verdicts = reading.Verdicts().ToList();
        Assert.Contains("all within 0.15 of −1", verdicts[0]);
        Assert.Contains("flat in D", verdicts[1]);
        Assert.Contains($"removed {100 * expectedRemoved:F1} %", verdicts[2]);
        Assert.Contains("up from 3", verdicts[2]);                        // 1.2 / 0.4 at D = 1
        Assert.DoesNotContain("100 %", verdicts[2]);
        Assert.Equal(3 + 3 + reading.Ratios.Count, reading.Table().Count());
    }

    [Fact]
    public void Training_reading_averages_the_last_epoch_per_seed_and_pairs_the_seeds()
    {
        var settled = AnswerCardTests.Training(pathwiseElbo: -100, scoreElbo: -120, spread: 0.5).Verdicts().ToList();
        Assert.Contains("averaged over the 2 checkpoints of the last epoch", settled[0]);
        Assert.Contains("on 3 seeds", settled[0]);
        Assert.Equal(3, settled.Count(l => l.TrimStart().StartsWith("4", StringComparison.Ordinal)));   // one row per seed (42, 43, 44)
        var gap = settled.Single(l => l.StartsWith("Pathwise − ScoreFunction", StringComparison.Ordinal));
        Assert.Contains("pathwise higher on every seed", gap);
        Assert.Contains("(+20.0, +19.8, +20.5)", gap);                    // per-seed paired differences
        Assert.Contains("after 1, 3.5, 1 of 5 epochs", settled.Single(l => l.Contains("reached ScoreFunction's")));
        Assert.Contains("still improving on every seed", settled.Single(l => l.Contains("over the epoch before")));
        Assert.Contains("KL: the score-function encoder paid less KL on every seed", settled[^1]);   // 22 vs 25 nats, both flat
        Assert.DoesNotContain("cannot use", settled[^1]);                  // no causal clause

        var disagree = AnswerCardTests.Training(pathwiseElbo: -120, scoreElbo: -120, scoreOffsets: [5, -5, 0.2]).Verdicts().ToList();
        Assert.Contains("not settled", disagree.Single(l => l.StartsWith("Pathwise − ScoreFunction", StringComparison.Ordinal)));
        // Same sign on every seed, but one seed within the checkpoint noise (±2.8: spreads of 0.71): the printed reason is that one, not "disagree".
        var oneWithinNoise = AnswerCardTests.Training(pathwiseElbo: -120, scoreElbo: -125, spread: 0.5, scoreOffsets: [0, 0, 3.5]).Verdicts().ToList();
        var line = oneWithinNoise.Single(l => l.StartsWith("Pathwise − ScoreFunction", StringComparison.Ordinal));
        Assert.Contains("not settled (pathwise higher on 2 of 3 seeds, no difference beyond the checkpoint noise on the rest)", line);
        Assert.DoesNotContain("disagree", line);
        Assert.Contains("KL: no KL difference beyond the checkpoint noise on every seed", AnswerCardTests.Training(scoreKl: 25).Verdicts().Last());
        var withinNoise = AnswerCardTests.Training(pathwiseElbo: -120.5, scoreElbo: -121, spread: 2, scoreOffsets: [0, 0, 0]);
        Assert.NotEqual(SeedVerdict.Higher, withinNoise.PathwiseVsScore);   // 0.5–0.7 nats against ±2 within each run
        Assert.True(EncoderComparisonReading.Settled(10, 1, 1));
        Assert.False(EncoderComparisonReading.Settled(3, 1, 1));
        Assert.Throws<ArgumentException>(() => EncoderComparisonReading.Of<object>([1, 2], [[]], 5));
    }

    [Fact]
    public void Categorical_comparison_lists_every_estimator_and_reads_the_trade()
    {
        var study = new CategoricalGradientStudy([1.0, 0.0, -0.5, 0.3], [0.9, 0.1, 0.5, 0.0]);
        var estimates = study.Compare([0.2, 2.0], 4000, 3);
        Assert.Equal(["score function", "straight-through", "Gumbel-softmax", "straight-through Gumbel-softmax", "Gumbel-softmax", "straight-through Gumbel-softmax"],
            estimates.Select(e => e.Estimator));
        Assert.Equal(2 + estimates.Count, CategoricalGradientStudy.Table(estimates, 4000).Count());
        var verdicts = CategoricalGradientStudy.Verdicts(estimates).ToList();
        Assert.Equal(4, verdicts.Count);
        Assert.Contains("from τ = 2 to τ = 0.2", verdicts[2]);
    }

    [Fact]
    public void The_likelihood_gradient_reaches_the_encoder_only_through_rsample()
    {
        using var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 2));
        using var images = rand(3, 16);
        model.Sampling = LatentSampling.Reparameterized;
        var (pathwiseGrad, pathwiseNorm) = EncoderDiagnostics.LikelihoodGradientToEncoder(model, images);
        model.Sampling = LatentSampling.Detached;
        var (detachedGrad, detachedNorm) = EncoderDiagnostics.LikelihoodGradientToEncoder(model, images);
        Assert.True(pathwiseGrad);
        Assert.True(pathwiseNorm > 0);
        Assert.False(detachedGrad);
        Assert.Equal(0, detachedNorm);
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0));
    }
}
