using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Training;

[Collection(TorchGlobalState.Name)]
public class LearningRateScheduleTests
{
    private static Trainer Build(TrainingConfig config, string? checkpoint = null, bool resume = false)
    {
        manual_seed(config.Seed);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 32, LatentSize: 4));
        return new Trainer(model, Objective.Elbo(), config) { CheckpointPath = checkpoint, Resume = resume, Progress = TrainingProgress.None };
    }

    [Fact]
    public void CosineDecayFollowsTorchSharpsCosineAnnealingLrStepByStep()
    {
        const double rate = 0.1, final = 0.01;
        const int steps = 20;
        using var weight = new TorchSharp.Modules.Parameter(zeros(3));
        var optimizer = optim.Adam([weight], rate);
        var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, steps, rate * final);
        var schedule = LearningRateSchedule.Cosine(final);
        for (var t = 0; t < steps; t++)
        {
            Assert.Equal(optimizer.ParamGroups.Single().LearningRate, rate * schedule.Factor(t, steps), 12);
            optimizer.step();
            scheduler.step();
        }
        Assert.Equal(1.0, schedule.Factor(0, steps));
        Assert.True(schedule.Factor(steps - 1, steps) < final + 0.01);
    }

    [Fact]
    public void TheTrainerRecordsTheScheduledRateOfEachEpochsLastStep()
    {
        var data = TrainerTests.ToyImages(160, 2);
        var config = new TrainingConfig(Seed: 3, Epochs: 4, BatchSize: 40, LearningRate: 2e-3, LearningRateSchedule: LearningRateSchedule.Cosine(0.05));
        var history = Build(config).Fit(data).History;
        var schedule = config.LearningRateSchedule!;
        Assert.Equal(Enumerable.Range(1, 4).Select(e => 2e-3 * schedule.Factor(e * 4 - 1, 16)), history.Select(m => m.LearningRate));
        Assert.True(history[^1].LearningRate < history[0].LearningRate / 5);
    }

    [Fact]
    public void WithoutAScheduleTheRateStaysAndAFactorOfOneChangesNothing()
    {
        var data = TrainerTests.ToyImages(160, 3);
        var constant = new TrainingConfig(Seed: 4, Epochs: 2, BatchSize: 40, LearningRate: 3e-3);
        var plain = Build(constant).Fit(data, data).History;
        Assert.All(plain, m => Assert.Equal(3e-3, m.LearningRate));
        // A cosine decay "to 100 %" sets every step's rate to the configured one: the run must be bit-identical.
        var unity = Build(constant with { LearningRateSchedule = LearningRateSchedule.Cosine(1) }).Fit(data, data).History;
        Assert.Equal(plain.Select(m => (m.Loss, m.Test!.Elbo)), unity.Select(m => (m.Loss, m.Test!.Elbo)));
        // A real decay must change the run (the schedule reaches the optimizer).
        var decayed = Build(constant with { LearningRateSchedule = LearningRateSchedule.Cosine(0) }).Fit(data, data).History;
        Assert.NotEqual(plain[^1].Loss, decayed[^1].Loss);
    }

    [Fact]
    public void ResumingMidScheduleReproducesAnUninterruptedRun()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "cosine.ckpt");
        var data = TrainerTests.ToyImages(160, 4);
        var config = new TrainingConfig(Seed: 5, Epochs: 3, BatchSize: 40, LearningRateSchedule: LearningRateSchedule.Cosine(0.01));
        var straight = Build(config).Fit(data, data);

        // Stop after two of the three epochs (a checkpoint of a 3-epoch run), then resume.
        manual_seed(config.Seed);
        var firstTwo = new Trainer(new MlpVae(new MlpVaeOptions(HiddenSize: 32, LatentSize: 4)), Objective.Elbo(), config)
            { CheckpointPath = path, Progress = new StopAfter(2) };
        Assert.Throws<StopAfter.Stopped>(() => firstTwo.Fit(data, data));
        Assert.Equal(2, Checkpoint.ReadInfo(path).Epoch);
        Assert.Equal(config.LearningRateSchedule, Checkpoint.ReadInfo(path).Config.LearningRateSchedule);
        var resumed = Build(config, path, resume: true).Fit(data, data);

        Assert.True(resumed.Resumed);
        Assert.Equal(straight.History.Select(m => m.LearningRate), resumed.History.Select(m => m.LearningRate));
        Assert.Equal(straight.Last.Loss, resumed.Last.Loss, 6);
        Assert.Equal(straight.Last.Test!.Elbo, resumed.Last.Test!.Elbo, 6);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ABadFinalFractionIsRejectedInOneLine(double fraction)
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingConfig(LearningRateSchedule: LearningRateSchedule.Cosine(fraction)).Validate());
        Assert.Contains("final fraction", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.Cosine(0.1).Factor(5, 5));
    }

    /// <summary>Progress that stops the run after a given epoch (after its checkpoint was written), as a killed process would.</summary>
    private sealed class StopAfter(int epoch) : ITrainingProgress
    {
        public sealed class Stopped : Exception;

        public void Started(string title, int firstEpoch, int epochs, int stepsPerEpoch) { }
        public void StepCompleted(TrainingStep step, double loss) { }
        public void EpochCompleted(EpochMetrics metrics) { if (metrics.Epoch == epoch) throw new Stopped(); }
        public void Finished(TrainingResult result) { }
    }
}
