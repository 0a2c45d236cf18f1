using VaeLab.Losses;
using VaeLab.Models;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Training;

[Collection(TorchGlobalState.Name)]
public class TrainerTests
{
    /// <summary>Binary "images" with structure to learn: each row is one of four fixed patterns plus a little noise.</summary>
    internal static Tensor ToyImages(int count, int seed)
    {
        var generator = new Generator((ulong)seed);
        var patterns = rand(new long[] { 4, 1, 28, 28 }, generator: generator).round();
        var which = randint(0, 4, new long[] { count }, generator: generator);
        var flips = (rand(new long[] { count, 1, 28, 28 }, generator: generator) < 0.05).to_type(ScalarType.Float32);
        return (patterns.index_select(0, which) - flips).abs();
    }

    private static (MlpVae Model, Trainer Trainer) Build(TrainingConfig config, string? checkpoint = null, bool resume = false, GaussianVaeObjective? objective = null)
    {
        manual_seed(config.Seed);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 32, LatentSize: 4));
        var trainer = new Trainer(model, objective ?? new GaussianVaeObjective(model), config)
        {
            CheckpointPath = checkpoint,
            Resume = resume,
            Progress = TrainingProgress.None,
        };
        return (model, trainer);
    }

    [Fact]
    public void ATinyRunLowersTheLoss()
    {
        var config = new TrainingConfig(Seed: 1, Epochs: 4, BatchSize: 32, LearningRate: 3e-3);
        var (_, trainer) = Build(config);
        var data = ToyImages(320, 1);
        var result = trainer.Fit(data.narrow(0, 0, 256), data.narrow(0, 256, 64));
        Assert.Equal(4, result.History.Count);
        Assert.True(result.Last.TrainLoss < result.History[0].TrainLoss - 10, "loss " + string.Join(", ", result.History.Select(h => h.TrainLoss)) + $"loss {result.History[0].TrainLoss} → {result.Last.TrainLoss}");
        Assert.True(result.Last.TestElbo > result.History[0].TestElbo, $"test ELBO {result.History[0].TestElbo} → {result.Last.TestElbo}");
        Assert.Equal(4, result.Last.KlPerDimension.Length);
        Assert.Equal(result.Last.TrainKl, result.Last.KlPerDimension.Sum(), 3);
    }

    [Fact]
    public void TheSameSeedGivesIdenticalMetrics()
    {
        var config = new TrainingConfig(Seed: 7, Epochs: 2, BatchSize: 50);
        var data = ToyImages(200, 3);
        var first = Build(config).Trainer.Fit(data, data).History;
        var second = Build(config).Trainer.Fit(data, data).History;
        Assert.Equal(first.Select(m => (m.TrainLoss, m.TestElbo)), second.Select(m => (m.TrainLoss, m.TestElbo)));
        var other = Build(config with { Seed = 8 }).Trainer.Fit(data, data).History;
        Assert.NotEqual(first[^1].TrainLoss, other[^1].TrainLoss);
    }

    [Fact]
    public void ResumingFromACheckpointReproducesAnUninterruptedRun()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "vae.ckpt");
        var data = ToyImages(160, 4);
        var straight = Build(new TrainingConfig(Seed: 5, Epochs: 3, BatchSize: 40)).Trainer.Fit(data, data);

        Build(new TrainingConfig(Seed: 5, Epochs: 2, BatchSize: 40), path).Trainer.Fit(data, data);
        Assert.Equal(2, Checkpoint.ReadInfo(path).Epoch);
        var resumed = Build(new TrainingConfig(Seed: 5, Epochs: 3, BatchSize: 40), path, resume: true).Trainer.Fit(data, data);

        Assert.True(resumed.Resumed);
        Assert.Equal(3, resumed.History.Count);
        Assert.Equal(straight.Last.TrainLoss, resumed.Last.TrainLoss, 4);
        Assert.Equal(straight.Last.TestElbo!.Value, resumed.Last.TestElbo!.Value, 4);
    }

    [Fact]
    public void ANonFiniteLossStopsWithTheStepAndAFix()
    {
        var config = new TrainingConfig(Seed: 1, Epochs: 2, BatchSize: 16);
        manual_seed(1);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 16, LatentSize: 2));
        var objective = new GaussianVaeObjective(model);
        objective.ExtraTerms.Add(("poison", context => context.Step.GlobalStep == 5 ? tensor(float.NaN) : tensor(0f)));
        var trainer = new Trainer(model, objective, config) { Progress = TrainingProgress.None };

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(ToyImages(64, 1)));
        Assert.Equal(5, error.Step.GlobalStep);
        Assert.Contains("epoch 2, step 2", error.Message);
        Assert.Contains("learning rate", error.Message);
    }

    [Fact]
    public void KlWeightScheduleAndFreeBitsPlugIn()
    {
        var config = new TrainingConfig(Seed: 2, Epochs: 1, BatchSize: 32);
        manual_seed(2);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 16, LatentSize: 3));
        var weights = new List<double>();
        var objective = new GaussianVaeObjective(model)
        {
            KlWeight = step => step.Progress,                   // linear warm-up from 0
            KlPenalty = (kl, _) => kl.clamp_min(0.5).sum(),     // free bits, λ = 0.5 nats per dimension
        };
        var trainer = new Trainer(model, objective, config) { Progress = TrainingProgress.None, OnStep = r => weights.Add(r.Step.Progress) };
        var result = trainer.Fit(ToyImages(128, 5));
        Assert.Equal([0, 0.25, 0.5, 0.75], weights);
        // The reported ELBO ignores the weights: it is always −(reconstruction + KL).
        Assert.Equal(-(result.Last.TrainReconstruction + result.Last.TrainKl), result.Last.TrainElbo, 6);
    }

    [Fact]
    public void ImagesOutsideUnitIntervalAreRejectedBeforeTraining()
    {
        var (_, trainer) = Build(new TrainingConfig(Epochs: 1));
        Assert.Throws<ArgumentException>(() => trainer.Fit(ToyImages(32, 1) * 2 - 1));
    }

    [Fact]
    public void InvalidConfigIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TrainingConfig(LearningRate: -1).Validate());
        Assert.Throws<ArgumentException>(() => new TrainingConfig(BatchSize: 0).Validate());
        Assert.Throws<ArgumentException>(() => new TrainingConfig(Epochs: 0).Validate());
    }
}

internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vaelab-test-").FullName;
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Tests that seed torch's global generator and compare numbers must not run alongside each other.</summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalState
{
    public const string Name = "torch global RNG";
}
