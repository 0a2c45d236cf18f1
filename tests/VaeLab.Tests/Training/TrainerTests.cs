using VaeLab.Models;
using VaeLab.Tests.Models;
using VaeLab.Objectives;
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

    private static (MlpVae Model, Trainer Trainer) Build(TrainingConfig config, string? checkpoint = null, bool resume = false, IObjective? objective = null)
    {
        manual_seed(config.Seed);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 32, LatentSize: 4));
        var trainer = new Trainer(model, objective ?? Objective.Elbo(), config)
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
        Assert.True(result.Last.Loss < result.History[0].Loss - 10, $"loss {result.History[0].Loss} → {result.Last.Loss}");
        Assert.True(result.Last.Test!.Elbo > result.History[0].Test!.Elbo, $"test ELBO {result.History[0].Test!.Elbo} → {result.Last.Test!.Elbo}");
        Assert.Equal(4, result.Last.KlPerDimension.Length);
        Assert.Equal(result.Last.Train.Kl, result.Last.KlPerDimension.Sum(), 3);
        // One sign convention: log-likelihood ≤ 0, reconstruction loss ≥ 0, ELBO = log-likelihood − KL.
        Assert.True(result.Last.Train.LogLikelihood < 0 && result.Last.Train.ReconstructionLoss > 0);
        Assert.Equal(result.Last.Train.LogLikelihood - result.Last.Train.Kl, result.Last.Train.Elbo, 9);
    }

    [Fact]
    public void TheSameSeedGivesIdenticalMetrics()
    {
        var config = new TrainingConfig(Seed: 7, Epochs: 2, BatchSize: 50);
        var data = ToyImages(200, 3);
        var first = Build(config).Trainer.Fit(data, data).History;
        var second = Build(config).Trainer.Fit(data, data).History;
        Assert.Equal(first.Select(m => (m.Loss, m.Test!.Elbo)), second.Select(m => (m.Loss, m.Test!.Elbo)));
        var other = Build(config with { Seed = 8 }).Trainer.Fit(data, data).History;
        Assert.NotEqual(first[^1].Loss, other[^1].Loss);
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
        Assert.Equal(straight.Last.Loss, resumed.Last.Loss, 4);
        Assert.Equal(straight.Last.Test!.Elbo, resumed.Last.Test!.Elbo, 4);
    }

    [Fact]
    public void ANonFiniteLossStopsWithTheStepAndAFix()
    {
        var config = new TrainingConfig(Seed: 1, Epochs: 2, BatchSize: 16);
        manual_seed(1);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 16, LatentSize: 2));
        var objective = new Objective { ExtraTerms = [(new Term("poison"), (_, step) => step.GlobalStep == 5 ? tensor(float.NaN) : tensor(0f))] };
        var trainer = new Trainer(model, objective, config) { Progress = TrainingProgress.None };

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(ToyImages(64, 1)));
        Assert.Equal(5, error.Step.GlobalStep);
        Assert.Contains("epoch 2, step 2", error.Message);
        Assert.Contains("learning rate", error.Message);
        // The poison is in this step's loss, not in the model: the message says every parameter was still finite.
        Assert.Contains("every parameter and buffer was finite", error.Message);
    }

    [Fact]
    public void TheKlWeightAScheduleAppliesIsTheOneRecorded()
    {
        var config = new TrainingConfig(Seed: 2, Epochs: 2, BatchSize: 32);
        manual_seed(2);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 16, LatentSize: 3));
        var objective = new Objective { KlWeight = step => step.Progress };   // linear warm-up from 0 over the run
        var result = new Trainer(model, objective, config) { Progress = TrainingProgress.None, RecordSteps = true }.Fit(ToyImages(128, 5));
        Assert.Equal([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875], result.Steps.Select(s => s.Weights.KlWeight!.Value));
        Assert.Equal(0.1875, result.History[0].Weights.KlWeight!.Value, 12);   // the epoch's mean of the applied weights
        Assert.Equal(0.6875, result.History[1].Weights.KlWeight!.Value, 12);
        // The reported ELBO ignores the weights: it is always log-likelihood − KL.
        Assert.Equal(result.Last.Train.LogLikelihood - result.Last.Train.Kl, result.Last.Train.Elbo, 9);
        Assert.True(result.Steps.All(s => s.Terms.ContainsKey(Term.Kl) && s.Terms.ContainsKey(Term.LogLikelihood)));
    }

    [Fact]
    public void FreeBitsClampsTheBatchAveragedKlOfEachDimension()
    {
        var klPerDimension = tensor(new[] { 0.1f, 1f, 3f, 0.3f, 2f, 1f }).reshape(2, 3).requires_grad_();
        using var output = TestOutputs.WithKlPerDimension(new Dictionary<Term, Tensor>
        {
            [Term.LogLikelihood] = tensor(new[] { -1f, -3f }),
            [Term.Kl] = klPerDimension.sum(dim: 1),
        }, klPerDimension);
        var step = new TrainingStep(1, 0, 0, 1, 1);
        // Batch means per dimension (0.2, 1.5, 2); with λ = 1: max(1, 0.2) + 1.5 + 2 = 4.5, plus −mean log-likelihood 2.
        var result = new Objective { FreeBits = 1.0 }.Compute(output, step);
        Assert.Equal(6.5, result.Loss.item<float>(), 5);
        Assert.Equal(1.0, result.Weights.FreeBitsNats);
        result.Loss.backward();
        var gradient = klPerDimension.grad!.data<float>().ToArray();
        Assert.Equal([0f, 0.5f, 0.5f, 0f, 0.5f, 0.5f], gradient);   // the clamped dimension gets no gradient
        Assert.Throws<ArgumentException>(() => new Objective { FreeBits = -1 }.Compute(output, step));
    }

    [Fact]
    public void CapacityAnnealingPullsTheKlTowardsARisingTarget()
    {
        using var output = new ModelOutput(new Dictionary<Term, Tensor> { [Term.LogLikelihood] = tensor(new[] { -2f }), [Term.Kl] = tensor(new[] { 3f }) });
        var objective = new Objective { Capacity = new Capacity(Gamma: 10, MaximumNats: 8, RampFraction: 0.5) };
        var quarter = objective.Compute(output, new TrainingStep(1, 1, 1, 4, 1));  // progress 0.25 → C = 4
        Assert.Equal(4, quarter.Weights.CapacityNats!.Value, 12);
        Assert.Equal(2 + 10 * 1, quarter.Loss.item<float>(), 5);
        var late = objective.Compute(output, new TrainingStep(1, 3, 3, 4, 1));    // past the ramp → C = 8
        Assert.Equal(8, late.Weights.CapacityNats!.Value, 12);
    }

    [Fact]
    public void AVqShapedModelTrainsThroughTheSameTrainerAndItsStateUpdatesRunOnlyInTraining()
    {
        manual_seed(3);
        var model = new ToyQuantisedAutoencoder();
        var data = ToyImages(96, 2).reshape(96, -1).narrow(1, 0, 16);
        var objective = new Objective { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } };
        var result = new Trainer(model, objective, new TrainingConfig(Seed: 3, Epochs: 3, BatchSize: 32, LearningRate: 1e-2)) { Progress = TrainingProgress.None }
            .Fit(data, data);
        Assert.Equal(9, model.UpdatesApplied);                                // one state update per training step, none in evaluation
        Assert.Equal(0.25, result.Last.Weights.TermWeights[Term.Commitment]);
        Assert.Equal(1.0, result.Last.Weights.TermWeights[Term.Codebook]);
        Assert.True(result.Last.Train.Terms.ContainsKey(Term.Codebook));
        Assert.True(result.Last.Test!.Terms[Term.LogLikelihood] > result.History[0].Test!.Terms[Term.LogLikelihood]);
        Assert.Equal(0, result.Last.Train.Kl);
    }

    [Fact]
    public void ImagesOutsideUnitIntervalAreRejectedBeforeTraining()
    {
        var (_, trainer) = Build(new TrainingConfig(Epochs: 1));
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(ToyImages(32, 1) * 2 - 1));
        Assert.Contains("[0, 1]", error.Message);
    }

    [Fact]
    public void InvalidConfigIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new TrainingConfig(LearningRate: -1).Validate());
        Assert.Throws<ArgumentException>(() => new TrainingConfig(BatchSize: 0).Validate());
        Assert.Throws<ArgumentException>(() => new TrainingConfig(Epochs: 0).Validate());
    }
}

/// <summary>
/// A VQ-shaped model written only for the tests, as a plain loss (no latent part): no KL, a nearest-code lookup with the
/// straight-through estimator, and codebook and commitment terms. It proves the Trainer needs no change for models that
/// are not Gaussian VAEs.
/// </summary>
internal sealed class ToyQuantisedAutoencoder : nn.Module<Tensor, ModelOutput>
{
    private readonly TorchSharp.Modules.Linear encoder;
    private readonly TorchSharp.Modules.Linear decoder;
    private readonly TorchSharp.Modules.Parameter codebook;

    public ToyQuantisedAutoencoder() : base(nameof(ToyQuantisedAutoencoder))
    {
        encoder = nn.Linear(16, 4);
        decoder = nn.Linear(4, 16);
        codebook = new TorchSharp.Modules.Parameter(randn(8, 4));
        RegisterComponents();
    }

    public int UpdatesApplied { get; private set; }

    public override ModelOutput forward(Tensor x)
    {
        var encoded = encoder.call(x);
        var codes = cdist(encoded, codebook).argmin(1);
        var chosen = codebook.index_select(0, codes);
        var quantised = encoded + (chosen - encoded).detach();
        var logits = decoder.call(quantised);
        var terms = new Dictionary<Term, Tensor>
        {
            [Term.LogLikelihood] = -nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None).sum(dim: 1),
            [Term.Codebook] = (encoded.detach() - chosen).square().mean(new long[] { 1 }),
            [Term.Commitment] = (encoded - chosen.detach()).square().mean(new long[] { 1 }),
        };
        return new ModelOutput(terms).WithStateUpdate(() => UpdatesApplied++);
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
