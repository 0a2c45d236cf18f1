using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class KlDecompositionProbeTests
{
    [Fact]
    public void The_probe_reads_every_few_steps_its_terms_sum_to_the_kl_and_training_is_unchanged()
    {
        using var random = TorchRandom.Seeded(1);
        var data = (rand(64, 16) > 0.5).to_type(ScalarType.Float32);
        var config = new TrainingConfig(Seed: 3, Epochs: 2, BatchSize: 16, LearningRate: 1e-2);
        MlpVae Build() { using var r = TorchRandom.Seeded(9); return new MlpVae(new MlpVaeOptions(16, 8, 2)); }

        var probed = Build();
        var probe = new KlDecompositionProbe(probed, data, datasetSize: 64, every: 3);
        var withProbe = new Trainer(probed, Objective.Elbo(), config) { OnStep = probe.OnStep, Progress = TrainingProgress.None }.Fit(data);
        var without = new Trainer(Build(), Objective.Elbo(), config) { Progress = TrainingProgress.None }.Fit(data);

        // 8 steps: readings after steps 1, 4, 7 and the last (8).
        Assert.Equal(new long[] { 1, 4, 7, 8 }, probe.Points.Select(p => p.Step).ToArray());
        Assert.Equal(without.Last.Loss, withProbe.Last.Loss, 6);

        // With the whole data set as the probe (M = N) the stratified estimate is exact, so the three terms sum to
        // E[log q(z|x) − log p(z)], a Monte Carlo estimate of the closed-form KL: equal up to sampling noise.
        var reading = probe.Measure(99);
        using var noGrad = no_grad();
        var (mean, logVariance) = probed.Encode(data);
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var kl = GaussianKl.Total(GaussianKl.ToStandardNormal(posterior)).mean().item<float>();
        Assert.InRange(reading.Kl, kl - 0.5, kl + 0.5);
        Assert.True(reading.IndexCodeMutualInformation >= 0 && reading.IndexCodeMutualInformation <= Math.Log(64) + 1e-6,
            $"I(z; n) must lie in [0, log N]; got {reading.IndexCodeMutualInformation}");
    }

    [Fact]
    public void Bad_probe_settings_are_refused()
    {
        var model = new MlpVae(new MlpVaeOptions(4, 4, 2));
        Assert.Throws<ArgumentException>(() => new KlDecompositionProbe(model, zeros(8, 4), datasetSize: 4, every: 1));
        Assert.Throws<ArgumentException>(() => new KlDecompositionProbe(model, zeros(8, 4), datasetSize: 8, every: 0));
    }
}
