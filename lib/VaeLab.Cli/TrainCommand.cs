using System.CommandLine;
using VaeLab.Data;
using VaeLab.Evaluation;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using VaeLab.Models;
using VaeLab.Plotting;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Cli;

/// <summary>`vaelab train`: trains a VAE and writes its checkpoint, metrics and figures into a folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "Model from the catalogue: " + string.Join("; ", ModelCatalogue.All.Select(e => $"{e.Name} = {e.Summary}")) + ".",
            DefaultValueFactory = _ => "mlp",
        };
        model.AcceptOnlyFromAmong(Names.Models);
        var dataset = new Option<string>("--dataset") { Description = "Data set: mnist, fashion-mnist or sprites (generated, 32×32, with known factors).", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(Names.DataSets);
        var epochs = Options.Positive("--epochs", "Training epochs.", 10);
        var latent = new Option<int?>("--latent") { Description = "Latent size (default: the model's, e.g. 20 for mlp, 16 for conv)." };
        Options.Require(latent, v => v is not < 1, v => $"--latent must be at least 1; got {v}.");
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
        var seed = Options.Seed("Random seed (weights, shuffling, sampling).", 42);
        var output = new Option<string?>("--output") { Description = "Folder for checkpoint, metrics and figures. Default: runs/<model>-<dataset>-z<latent>-seed<seed>." };
        var batch = Options.Positive("--batch-size", "Minibatch size.", Defaults.BatchSize);
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => Defaults.LearningRate };
        Options.Require(learningRate, v => v > 0 && double.IsFinite(v), v => $"--lr must be a positive number; got {v}.");
        var threads = Options.Threads();
        var maxTrain = Options.OptionalPositive("--max-train", "Use only the first N training images.");
        var maxTest = Options.OptionalPositive("--max-test", "Use only the first N test images.");
        var resume = new Option<bool>("--resume") { Description = "Continue from the folder's checkpoint if there is one." };
        var mmap = Options.MmapThreshold();
        var likelihood = new Option<string>("--likelihood") { Description = "Decoder likelihood: bernoulli (BCE on logits), gaussian (σ = 0.1) or dlogistic (discretised logistic over the 256 grey levels).", DefaultValueFactory = _ => "bernoulli" };
        likelihood.AcceptOnlyFromAmong("bernoulli", "gaussian", "dlogistic");
        var spritePositions = Options.OptionalPositive("--sprite-positions", "Sprites only: x and y positions per axis (default 8).");
        var spriteRotations = Options.OptionalPositive("--sprite-rotations", "Sprites only: rotations in a quarter turn (default 8).");
        var codebookSize = new Option<int>("--codebook-size") { Description = "vq: K, the number of codes (at least 2).", DefaultValueFactory = _ => 256 };
        var levels = new Option<string>("--levels") { Description = "fsq: levels per channel, comma-separated, each at least 2 (8,6,5 = 240 codes; 8,5,5,5 = 1000).", DefaultValueFactory = _ => "8,6,5" };
        var emaDecay = new Option<double>("--ema-decay") { Description = "vq: decay of the EMA codebook updates and usage counts, in (0, 1).", DefaultValueFactory = _ => 0.99 };
        Options.Require(codebookSize, v => v >= 2, v => $"--codebook-size must be at least 2; got {v}.");
        levels.Validators.Add(r =>
        {
            var text = r.GetValue(levels) ?? "";
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts.Any(p => !int.TryParse(p, out var level) || level < 2))
                r.AddError($"--levels must be integers of at least 2 separated by commas, e.g. 8,6,5; got '{text}'.");
        });
        Options.Require(emaDecay, d => d > 0 && d < 1, d => $"--ema-decay must lie strictly between 0 and 1; got {d}.");
        var plainVq = new Option<bool>("--plain-vq") { Description = "vq: train the plain VQ-VAE (codebook by gradient; no EMA, k-means init or dead-code restart)." };
        var rotationTrick = new Option<bool>("--rotation-trick") { Description = "vq: send the encoder's gradient through the rotation trick (Fifty et al. 2024) instead of straight-through." };

        var command = new Command("train", "Train a VAE; writes checkpoint.ckpt, metrics.csv/json and PNG figures to the output folder.")
        {
            model, dataset, epochs, latent, beta, klSchedule, freeBits, seed, output, batch, learningRate, threads, maxTrain, maxTest, resume, mmap, likelihood,
            spritePositions, spriteRotations, codebookSize, levels, emaDecay, plainVq, rotationTrick,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var entry = ModelCatalogue.Find(parse.GetValue(model)!);
            var dataName = Names.DataSet(parse.GetValue(dataset)!);
            var decoder = parse.GetValue(likelihood) switch
            {
                "gaussian" => DecoderKind.Gaussian,
                "dlogistic" => DecoderKind.DiscretizedLogistic,
                _ => DecoderKind.Bernoulli,
            };
            var sprites = SpriteOptions(dataName, parse.GetValue(spritePositions), parse.GetValue(spriteRotations));
            var shape = sprites is null ? null : new ImageShape(1, sprites.ImageSize, sprites.ImageSize);
            var fixes = !parse.GetValue(plainVq);
            var codes = new DiscreteCodeSpec(parse.GetValue(codebookSize), parse.GetValue(levels)!, fixes, parse.GetValue(emaDecay), fixes, fixes,
                parse.GetValue(rotationTrick));
            var spec = new ModelSpec(entry.Name, parse.GetValue(latent) ?? entry.DefaultLatentSize, Shape: shape, Likelihood: decoder,
                Codes: entry.Name is "vq" or "fsq" ? codes : null);
            var schedule = parse.GetValue(klSchedule) is string text ? KlSchedule.Parse(text) : null;
            if (schedule is not null && parse.GetValue(beta) != 1.0)
                throw new CliException("--beta and --kl-schedule both set the KL weight; give one (a constant β is --kl-schedule constant:BETA).");
            var description = new RunDescription(spec, dataName, parse.GetValue(beta), sprites, schedule?.ToString(), parse.GetValue(freeBits));
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"{entry.Name}-{parse.GetValue(dataset)}-z{spec.LatentSize}-seed{parse.GetValue(seed)}");
            var config = new TrainingConfig(parse.GetValue(seed), parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(learningRate),
                parse.GetValue(threads) ?? ThreadCount.Default);
            return Run(description, config, folder, parse.GetValue(maxTrain), parse.GetValue(maxTest), parse.GetValue(resume), parse.GetValue(mmap));
        }));
        return command;
    }

    /// <summary>The sprite grid of a sprites run (null otherwise); the sprite options are refused for other data sets.</summary>
    private static SpriteGrid? SpriteOptions(DatasetName data, int? positions, int? rotations)
    {
        if (data != DatasetName.Sprites)
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

    private static int Run(RunDescription description, TrainingConfig config, string folder, int? maxTrain, int? maxTest, bool resume, int mmapThreshold)
    {
        Program.PrepareTorch(config.Threads!.Value, mmapThreshold);
        using var data = description.LoadData(maxTrain, maxTest);
        Console.WriteLine($"Data: {data.Name} — {data.TrainImages.shape[0]:N0} train / {data.TestImages.shape[0]:N0} test images, from {data.Source}");
        Console.WriteLine($"Model: {description.Model}, {description.Weighting}, seed {config.Seed}, {config.Threads} thread(s), allocator {Allocator.Current}; output: {Path.GetFullPath(folder)}");

        var network = description.Model.Create(config.Seed);
        var vae = network as IGaussianVae;
        // VQ-VAE's commitment term enters with β = 0.25 (van den Oord et al. 2017); models without it ignore the weight.
        var objective = new Objective
        {
            KlWeight = description.KlSchedule is string spec ? KlSchedule.Parse(spec).ToKlWeight() : _ => description.Beta,
            FreeBits = description.FreeBits,
            TermWeights = new Dictionary<string, double> { [TermNames.Commitment] = 0.25 },
        };
        Options.EnsureWritableFolder(folder);
        var checkpoint = Path.Combine(folder, "checkpoint.ckpt");
        if (!resume && File.Exists(checkpoint))
            throw new CliException($"'{checkpoint}' already exists: pass --resume to continue that run, or choose another --output folder.");
        if (resume && File.Exists(checkpoint))
        {
            var stored = RunDescription.Parse(Checkpoint.ReadInfo(checkpoint).ModelDescription, checkpoint);
            if (stored != description)
                throw new CliException($"'{checkpoint}' was trained with different settings ({stored.Model}, {stored.Dataset}, {stored.Weighting}); resume with the same --model, --dataset, --latent, --likelihood, --beta, --kl-schedule and --free-bits.");
        }

        var result = SpectreProgress.Run(progress => new Trainer(network, objective, config)
        {
            CheckpointPath = checkpoint,
            Resume = resume,
            ModelDescription = description.Serialize(),
            Progress = progress,
            Title = $"{description.Model} on {description.Dataset}",
        }.Fit(data.TrainImages, data.TestImages));

        MetricsFile.WriteCsv(Path.Combine(folder, "metrics.csv"), result.History);
        MetricsFile.WriteJson(Path.Combine(folder, "metrics.json"), result.History);
        network.eval();
        if (vae is not null)
        {
            VaeFigures.Reconstructions(vae, data.TestImages, 20).Save(Path.Combine(folder, "reconstructions.png"));
            VaeFigures.PriorSamples(vae, 50, config.Seed).Save(Path.Combine(folder, "samples.png"));
            var pairs = (int)Math.Min(5, data.TestImages.shape[0] / 2);
            VaeFigures.Interpolation(vae, data.TestImages.narrow(0, 0, pairs), data.TestImages.narrow(0, pairs, pairs)).Save(Path.Combine(folder, "interpolation.png"));
            if (vae.LatentSize == 2) VaeFigures.Manifold(vae, 20).Save(Path.Combine(folder, "manifold.png"));
        }

        var last = result.Last;
        Console.WriteLine($"Test after epoch {last.Epoch}: {last.Test} per image.");
        Console.WriteLine($"Wrote {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order())} to {folder}");
        return 0;
    }
}

/// <summary>Options shared by several commands.</summary>
internal static class Options
{
    /// <summary>
    /// Adds a range check. A value that is not of the option's type is left to the parser, which reports it as a one-line
    /// error (reading it here would throw instead).
    /// </summary>
    public static void Require<T>(Option<T> option, Func<T, bool> isValid, Func<T, string> message)
    {
        option.Validators.Add(r =>
        {
            T value;
            try { value = r.GetValue(option)!; }
            catch (InvalidOperationException) { return; }
            if (!isValid(value)) r.AddError(message(value));
        });
    }

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        Require(option, v => v >= 1, v => $"{name} must be at least 1; got {v}.");
        return option;
    }

    public static Option<int> MmapThreshold()
    {
        var option = new Option<int>("--mmap-threshold")
        {
            Description = $"glibc mmap threshold in bytes; 0 keeps glibc's dynamic default (faster, more resident memory). Default {Defaults.MmapThreshold}, chosen by `vaelab bench`.",
            DefaultValueFactory = _ => Defaults.MmapThreshold,
        };
        Require(option, v => v >= 0, v => $"--mmap-threshold must be ≥ 0; got {v}.");
        return option;
    }

    public static Option<int?> Threads()
    {
        var option = new Option<int?>("--threads") { Description = $"Intra-op threads (default: {ThreadCount.Variable} if set, else 2, or 1 on a 1-core machine; measured by `vaelab bench`). Use 1 on a busy machine." };
        Require(option, v => v is not < 1, v => $"--threads must be at least 1; got {v}.");
        return option;
    }

    public static Option<int> Seed(string description, int defaultValue)
    {
        var option = new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => defaultValue };
        Require(option, v => v >= 0, v => $"--seed must be ≥ 0; got {v}.");
        return option;
    }

    public static Option<int?> OptionalPositive(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        Require(option, v => v is not < 1, v => $"{name} must be at least 1; got {v}.");
        return option;
    }

    /// <summary>Creates the folder and checks a file can be written there, before any training time is spent.</summary>
    public static void EnsureWritableFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".vaelab-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write to the output folder '{folder}' ({e.Message.TrimEnd('.')}). Choose a writable folder with --output.");
        }
    }
}
