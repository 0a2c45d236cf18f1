using System.CommandLine;
using VaeLab.Common;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using VaeLab.Plotting;
using VaeLab.Training;
using VaeLab.Training.Catalogue;

namespace VaeLab.Cli;

/// <summary>
/// `vaelab train`: trains any model of the catalogue (images, sequences, a graph) and writes its checkpoint, metrics and,
/// for images, figures into a folder. The model's own options are command-line options generated from its catalogue
/// entry's settings; its objective, optimizer and training lengths default to the entry's.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "Model from the catalogue: " + string.Join("; ", ModelCatalogue.All.Select(e => $"{e.Name} = {e.Summary} [{e.Data.ToString().ToLowerInvariant()}]")) + ".",
            DefaultValueFactory = _ => "mlp",
        };
        model.AcceptOnlyFromAmong(Names.Models);
        var dataset = new Option<string?>("--dataset")
        {
            Description = "Data set: mnist, fashion-mnist or sprites (generated, 32×32, with known factors) for image models; topic-markov " +
                          "(generated token sequences) for gru; sbm (a generated community graph) for vgae and gae. Default: the model's kind.",
        };
        dataset.AcceptOnlyFromAmong(Names.DataSets);
        var epochs = Options.Positive("--epochs", "Training epochs (default: the model's, 10 for most; 200 for the graph models).", 10);
        var beta = new Option<double>("--beta") { Description = "KL weight β (1 = the ELBO; β-VAE uses β > 1).", DefaultValueFactory = _ => 1.0 };
        Options.Require(beta, v => v >= 0 && double.IsFinite(v), v => $"--beta must be a finite number ≥ 0; got {v}.");
        var klSchedule = new Option<string?>("--kl-schedule")
        {
            Description = "KL weight schedule over the run (replaces --beta): " + KlSchedule.AcceptedForms + ".",
        };
        klSchedule.Validators.Add(r =>
        {
            if (r.GetValue(klSchedule) is not string spec) return;
            try { KlSchedule.Parse(spec); }
            catch (ArgumentException e) { r.AddError($"--kl-schedule: {e.Message}"); }
        });
        var freeBits = new Option<double?>("--free-bits") { Description = "Free bits λ: each latent dimension's batch-averaged KL is clamped at λ nats (Kingma et al. 2016)." };
        Options.Require(freeBits, v => v is not double lambda || (lambda >= 0 && double.IsFinite(lambda)),
            v => $"--free-bits must be a finite number of nats ≥ 0 per dimension; got {v}.");
        var seed = Options.Seed("Random seed (weights, shuffling, sampling; the generated data sets too).", 42);
        var output = new Option<string?>("--output") { Description = "Folder for checkpoint, metrics and figures. Default: runs/<model>-<dataset>-seed<seed>." };
        var batch = Options.Positive("--batch-size", "Minibatch size (default: the model's; the graph models train on the whole graph).", Defaults.BatchSize);
        var learningRate = new Option<double>("--lr") { Description = "Learning rate (default: the model's, 1e-3 for most, 0.01 for the graph models).", DefaultValueFactory = _ => Defaults.LearningRate };
        Options.Require(learningRate, v => v > 0 && double.IsFinite(v), v => $"--lr must be a positive number; got {v}.");
        var optimizer = new Option<string?>("--optimizer") { Description = "Optimizer: adam (the default of every model), adamw or sgd." };
        optimizer.AcceptOnlyFromAmong([.. OptimizerChoice.Names]);
        var threads = Options.Threads();
        var maxTrain = Options.OptionalPositive("--max-train", "Use only the first N training examples (sequences: generate N).");
        var maxTest = Options.OptionalPositive("--max-test", "Use only the first N test examples (sequences: generate N).");
        var resume = new Option<bool>("--resume") { Description = "Continue from the folder's checkpoint if there is one." };
        var mmap = Options.MmapThreshold();
        var spritePositions = Options.OptionalPositive("--sprite-positions", "Sprites only: x and y positions per axis (default 8).");
        var spriteRotations = Options.OptionalPositive("--sprite-rotations", "Sprites only: rotations in a quarter turn (default 8).");
        var settings = ModelSettings.Create();

        var command = new Command("train", "Train a model of the catalogue; writes checkpoint.ckpt, metrics.csv/json and (for images) PNG figures to the output folder.")
        {
            model, dataset, epochs, beta, klSchedule, freeBits, seed, output, batch, learningRate, optimizer, threads, maxTrain, maxTest, resume, mmap,
            spritePositions, spriteRotations,
        };
        foreach (var option in settings.Options) command.Options.Add(option);
        command.SetAction(parse => Program.Guard(() =>
        {
            var entry = ModelCatalogue.Find(parse.GetValue(model)!);
            var dataName = parse.GetValue(dataset) ?? RunData.DefaultFor(entry.Data);
            if (RunData.DataSets[dataName] != entry.Data)
                throw new CliException($"{entry.Name} trains on {entry.Data.ToString().ToLowerInvariant()}, and --dataset {dataName} holds {RunData.DataSets[dataName].ToString().ToLowerInvariant()}; " +
                                       $"use --dataset {string.Join(" or ", RunData.DataSets.Where(d => d.Value == entry.Data).Select(d => d.Key))}.");
            var sprites = SpriteOptions(dataName, parse.GetValue(spritePositions), parse.GetValue(spriteRotations));
            var schedule = parse.GetValue(klSchedule) is string text ? KlSchedule.Parse(text) : null;
            if (schedule is not null && parse.GetValue(beta) != 1.0)
                throw new CliException("--beta and --kl-schedule both set the KL weight; give one (a constant β is --kl-schedule constant:BETA).");
            var runSeed = parse.GetValue(seed);
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"{entry.Name}-{dataName}-seed{runSeed}");
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            var training = entry.Training;
            var chosenOptimizer = parse.GetValue(optimizer) is string name ? OptimizerChoice.Parse(name) : entry.DefaultOptimizer;
            var job = new TrainingJob(entry, dataName, sprites, settings.Given(parse), parse.GetValue(beta), schedule?.ToString(), parse.GetValue(freeBits),
                chosenOptimizer, runSeed,
                Given(epochs) ? parse.GetValue(epochs) : training.Epochs,
                Given(batch) ? parse.GetValue(batch) : training.FullBatch ? (int?)null : training.BatchSize,
                Given(learningRate) ? parse.GetValue(learningRate) : training.LearningRate,
                parse.GetValue(threads) ?? ThreadCount.Default);
            return Run(job, folder, parse.GetValue(maxTrain), parse.GetValue(maxTest), parse.GetValue(resume), parse.GetValue(mmap));
        }));
        return command;
    }

    /// <summary>Everything a run was asked for; <paramref name="BatchSize"/> null trains full-batch.</summary>
    private sealed record TrainingJob(ModelEntry Entry, string Dataset, SpriteGrid? Sprites, IReadOnlyList<KeyValuePair<string, string>> Settings,
        double Beta, string? KlSchedule, double? FreeBits, OptimizerChoice Optimizer, int Seed, int Epochs, int? BatchSize, double LearningRate, int Threads);

    /// <summary>The sprite grid of a sprites run (null otherwise); the sprite options are refused for other data sets.</summary>
    private static SpriteGrid? SpriteOptions(string data, int? positions, int? rotations)
    {
        if (data != "sprites")
        {
            if (positions is not null || rotations is not null)
                throw new CliException("--sprite-positions and --sprite-rotations apply only to --dataset sprites.");
            return null;
        }
        var defaults = new SpriteGrid();
        var grid = defaults with
        {
            PositionsX = positions ?? defaults.PositionsX,
            PositionsY = positions ?? defaults.PositionsY,
            Rotations = rotations ?? defaults.Rotations,
        };
        grid.Validate();
        return grid;
    }

    private static int Run(TrainingJob job, string folder, int? maxTrain, int? maxTest, bool resume, int mmapThreshold)
    {
        Program.PrepareTorch(job.Threads, mmapThreshold);
        using var data = RunData.Load(job.Dataset, job.Sprites, maxTrain, maxTest, job.Seed);
        var entry = job.Entry;
        var options = entry.Options(data.ModelData, job.Settings);
        var description = new RunDescription(entry.Name, entry.Serialize(options), job.Dataset, job.Beta, job.Sprites, job.KlSchedule, job.FreeBits, job.Optimizer, job.Seed);
        var config = new TrainingConfig(job.Seed, job.Epochs, job.BatchSize ?? (int)data.TrainCount, job.LearningRate, job.Threads, Optimizer: job.Optimizer);
        Console.WriteLine($"Data: {data.Name} — {data.Summary}");
        Console.WriteLine($"Model: {entry.Describe(options)}, {description.Weighting}, {job.Optimizer}, seed {config.Seed}, {config.Threads} thread(s), " +
                          $"allocator {Allocator.Current}; output: {Path.GetFullPath(folder)}");

        var model = entry.Build(options, data.ModelData, config.Seed);
        // The entry's own objective (VQ-VAE's commitment β = 0.25), with the KL weighting asked for.
        var objective = entry.DefaultObjective(options) with
        {
            KlWeight = description.KlSchedule is string spec ? KlSchedule.Parse(spec).ToKlWeight() : _ => description.Beta,
            FreeBits = description.FreeBits,
        };
        Options.EnsureWritableFolder(folder);
        var checkpoint = Path.Combine(folder, "checkpoint.ckpt");
        if (!resume && File.Exists(checkpoint))
            throw new CliException($"'{checkpoint}' already exists: pass --resume to continue that run, or choose another --output folder.");
        if (resume && File.Exists(checkpoint))
        {
            var stored = RunDescription.Parse(Checkpoint.ReadInfo(checkpoint).ModelDescription, checkpoint);
            if (stored != description)
                throw new CliException($"'{checkpoint}' was trained with different settings ({stored.ModelText}, {stored.Dataset}, {stored.Weighting}, {stored.Optimizer}); " +
                                       "resume with the same --model and its settings, --dataset, --beta, --kl-schedule, --free-bits and --optimizer.");
        }

        var result = SpectreProgress.Run(progress => new Trainer(model.Module, objective, config)
        {
            CheckpointPath = checkpoint,
            Resume = resume,
            ModelDescription = description.Serialize(),
            Progress = progress,
            Title = $"{entry.Describe(options)} on {data.Name}",
        }.Fit(data.Train, data.Test));

        MetricsFile.WriteCsv(Path.Combine(folder, "metrics.csv"), result.History);
        MetricsFile.WriteJson(Path.Combine(folder, "metrics.json"), result.History);
        model.Module.eval();
        if (data is ImageRunData)
            WriteFigures(model, data.Test, folder, config.Seed);

        var last = result.Last;
        Console.WriteLine($"Test after epoch {last.Epoch}: {last.Test} per example.");
        foreach (var line in data.Report(model)) Console.WriteLine(line);
        Console.WriteLine($"Wrote {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order())} to {folder}");
        return 0;
    }

    /// <summary>Reconstructions, prior samples, interpolations (and the 2-D manifold) of an image model whose decoder has a mean.</summary>
    private static void WriteFigures(TrainableModel model, TorchSharp.torch.Tensor images, string folder, int seed)
    {
        var latent = model.Latent;
        using (var probe = latent.Posterior(images.narrow(0, 0, 1)))
        using (var likelihood = latent.Likelihood(probe.mean))
            if (!likelihood.has_mean)
            {
                Console.WriteLine("No figures: the decoder is autoregressive, so p(x|z) has no mean to draw (sample it instead).");
                return;
            }
        VaeFigures.Reconstructions(latent, images, 20).Save(Path.Combine(folder, "reconstructions.png"));
        VaeFigures.PriorSamples(latent, 50, seed).Save(Path.Combine(folder, "samples.png"));
        var pairs = (int)Math.Min(5, images.shape[0] / 2);
        VaeFigures.Interpolation(latent, images.narrow(0, 0, pairs), images.narrow(0, pairs, pairs)).Save(Path.Combine(folder, "interpolation.png"));
        if (latent.Prior is StandardNormal { LatentSize: 2 }) VaeFigures.Manifold(latent, 20).Save(Path.Combine(folder, "manifold.png"));
    }
}

/// <summary>
/// The catalogue's model settings as command-line options, one per setting name (a name several models share, such as
/// --latent, is one option): a value is checked when parsed, and applies to the chosen model only if its entry declares it.
/// </summary>
internal sealed class ModelSettings
{
    private readonly List<(ModelSetting Setting, Option Option)> options = [];

    public IEnumerable<Option> Options => options.Select(o => o.Option);

    public static ModelSettings Create()
    {
        var result = new ModelSettings();
        foreach (var group in ModelCatalogue.All.SelectMany(e => e.Settings.Select(s => (Entry: e, Setting: s))).GroupBy(x => x.Setting.Name))
        {
            var setting = group.First().Setting;
            var models = string.Join(", ", group.Select(x => x.Entry.Name));
            var description = $"{setting.Description} (models: {models}; default: the model's)";
            Option option;
            if (setting.Kind == SettingKind.Flag)
                option = new Option<bool>("--" + setting.Name) { Description = description };
            else
            {
                var valued = new Option<string?>("--" + setting.Name) { Description = description };
                if (setting.Choices is { } choices) valued.AcceptOnlyFromAmong([.. choices]);
                else
                    valued.Validators.Add(r =>
                    {
                        if (r.GetValue(valued) is string value && setting.Check(value) is string error) r.AddError(error);
                    });
                option = valued;
            }
            result.options.Add((setting, option));
        }
        return result;
    }

    /// <summary>The settings given on the command line, by name, as text ("true" for a flag).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Given(ParseResult parse)
    {
        var given = new List<KeyValuePair<string, string>>();
        foreach (var (setting, option) in options)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            var value = option is Option<bool> flag ? (parse.GetValue(flag) ? "true" : null) : parse.GetValue((Option<string?>)option);
            if (value is not null) given.Add(new(setting.Name, value));
        }
        return given;
    }
}
