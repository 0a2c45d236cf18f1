using System.Diagnostics;
using VaeLab.Training.Catalogue;
using VaeLab.Data;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>
/// How notebook 05 trains a model on the sprites: the catalogue's model (<see cref="ModelName"/>) with
/// <see cref="LatentSize"/> latents and <see cref="HiddenSize"/> hidden units, Adam, minibatches, a number of epochs
/// over the full grid; the KL decomposition is probed every <see cref="ProbeEvery"/> steps on <see cref="ProbeImages"/>
/// fixed images (0: no probe).
/// </summary>
public sealed record SpriteRunSettings(
    int Epochs,
    int BatchSize = 64,
    double LearningRate = 1e-3,
    string ModelName = "mlp",
    int HiddenSize = 256,
    int LatentSize = 10,
    int ProbeEvery = 100,
    int ProbeImages = 1024)
{
    public void Validate()
    {
        if (Epochs < 1 || BatchSize < 1) throw new ArgumentException($"Epochs and batch size must be at least 1; got {Epochs} and {BatchSize}.");
        if (LatentSize < 2) throw new ArgumentException($"The disentanglement metrics need at least 2 latents; got {LatentSize}.");
        if (ProbeEvery < 0 || ProbeImages < 0) throw new ArgumentException($"Probe settings must be ≥ 0; got every {ProbeEvery}, {ProbeImages} images.");
        ModelCatalogue.Find(ModelName);
    }
}

/// <summary>
/// One trained model of the notebook: its name, seed, the model, the training history (with each step when recorded),
/// the ELBO terms on the whole grid (seeded evaluation), the disentanglement report, the KL-decomposition readings
/// during training, and the seconds spent training and scoring.
/// </summary>
public sealed record SpriteRun(
    string Name,
    int Seed,
    nn.Module<Tensor, ModelOutput> Model,
    TrainingResult Training,
    ElboSummary Elbo,
    DisentanglementReport Metrics,
    IReadOnlyList<KlDecompositionPoint> Decomposition,
    double TrainSeconds,
    double MetricSeconds)
{
    public IGaussianVae Vae => (IGaussianVae)Model;

    /// <summary>Rate (KL) and distortion (reconstruction loss) on the grid, nats per image.</summary>
    public double Rate => Elbo.Kl;
    public double Distortion => Elbo.ReconstructionLoss;
}

/// <summary>Trains and scores models on the sprites for notebook 05 (each call trains one new model).</summary>
public static class SpriteExperiment
{
    /// <summary>
    /// Builds the model from <paramref name="seed"/>, trains it on every image of <paramref name="sprites"/> (the full
    /// grid) with <paramref name="objective"/>, evaluates the ELBO terms on the grid and scores it with
    /// <see cref="SpriteDisentanglement"/>.
    /// </summary>
    public static SpriteRun Train(string name, IObjective objective, SpriteDataset sprites, SpriteRunSettings settings, int seed,
        bool recordSteps = false, ITrainingProgress? progress = null, DisentanglementSettings? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(sprites);
        settings.Validate();
        var built = Build(settings, sprites, seed);
        var (model, vae) = (built.Module, built.Latent);
        KlDecompositionProbe? probe = null;
        if (settings.ProbeEvery > 0 && settings.ProbeImages > 1)
        {
            using var generator = new TorchSharp.torch.Generator((ulong)seed + 17);
            var rows = randperm(sprites.Count, generator: generator).narrow(0, 0, Math.Min(settings.ProbeImages, sprites.Count));
            probe = new KlDecompositionProbe(vae, sprites.Images.index_select(0, rows), sprites.Count, settings.ProbeEvery, seed: seed);
        }
        var config = new TrainingConfig(Seed: seed, Epochs: settings.Epochs, BatchSize: settings.BatchSize, LearningRate: settings.LearningRate);
        var clock = Stopwatch.StartNew();
        var training = new Trainer(model, objective, config)
        {
            Title = name,
            RecordSteps = recordSteps,
            OnStep = probe is null ? null : probe.OnStep,
            Progress = progress ?? TrainingProgress.None,
        }.Fit(sprites.Images);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var elbo = Evaluator.Evaluate(model, sprites.Images, seed: seed);
        var report = SpriteDisentanglement.Evaluate(vae, sprites, metrics);
        return new SpriteRun(name, seed, model, training, elbo, report, probe?.Points ?? [], trainSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The catalogue's model of <paramref name="settings"/> for the sprites, its latent (and hidden) size set by name.</summary>
    private static TrainableModel Build(SpriteRunSettings settings, SpriteDataset sprites, int seed)
    {
        var entry = ModelCatalogue.Find(settings.ModelName);
        var data = new ImageData(new ImageShape(1, sprites.Grid.ImageSize, sprites.Grid.ImageSize));
        var given = new Dictionary<string, string> { ["latent"] = $"{settings.LatentSize}" };
        if (entry.Declares("hidden")) given["hidden"] = $"{settings.HiddenSize}";
        return entry.Build(entry.Options(data, given), data, seed);
    }

    /// <summary>Mean and sample standard deviation (n − 1; 0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one value.");
        var mean = list.Average();
        var std = list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
        return (mean, std);
    }

    /// <summary>
    /// Seconds per training step (forward, backward, no optimizer step) of a fresh model of each catalogue name on a
    /// batch of <paramref name="batchSize"/> sprites, median of <paramref name="repeats"/> timed passes after one warm-up.
    /// </summary>
    public static IReadOnlyDictionary<string, double> StepSeconds(SpriteDataset sprites, IEnumerable<string> modelNames, SpriteRunSettings settings, int repeats = 10)
    {
        var batch = sprites.Images.narrow(0, 0, Math.Min(settings.BatchSize, sprites.Count));
        var result = new Dictionary<string, double>();
        foreach (var name in modelNames)
        {
            var model = Build(settings with { ModelName = name }, sprites, 0).Module;
            var times = new List<double>();
            for (var r = 0; r <= repeats; r++)
            {
                using var scope = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                using var output = model.call(batch);
                (-output.Elbo.mean()).backward();
                model.zero_grad();
                if (r > 0) times.Add(clock.Elapsed.TotalSeconds);
            }
            result[name] = times.Order().ElementAt(times.Count / 2);
            model.Dispose();
        }
        return result;
    }
}
