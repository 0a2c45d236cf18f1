using System.CommandLine;
using VaeLab.Data;
using VaeLab.Evaluation;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Objectives;
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
        var dataset = new Option<string>("--dataset") { Description = "Data set: mnist or fashion-mnist.", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong(Names.DataSets);
        var epochs = Options.Positive("--epochs", "Training epochs.", 10);
        var latent = new Option<int?>("--latent") { Description = "Latent size (default: the model's, e.g. 20 for mlp, 16 for conv)." };
        latent.Validators.Add(r => { if (r.GetValue(latent) is < 1) r.AddError($"--latent must be at least 1; got {r.GetValue(latent)}."); });
        var beta = new Option<double>("--beta") { Description = "KL weight β (1 = the ELBO; β-VAE uses β > 1).", DefaultValueFactory = _ => 1.0 };
        beta.Validators.Add(r => { if (!(r.GetValue(beta) >= 0) || !double.IsFinite(r.GetValue(beta))) r.AddError("--beta must be a finite number ≥ 0."); });
        var seed = Options.Seed("Random seed (weights, shuffling, sampling).", 42);
        var output = new Option<string?>("--output") { Description = "Folder for checkpoint, metrics and figures. Default: runs/<model>-<dataset>-z<latent>-seed<seed>." };
        var batch = Options.Positive("--batch-size", "Minibatch size.", Defaults.BatchSize);
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => Defaults.LearningRate };
        learningRate.Validators.Add(r => { if (!(r.GetValue(learningRate) > 0) || !double.IsFinite(r.GetValue(learningRate))) r.AddError("--lr must be a positive number."); });
        var threads = Options.Threads();
        var maxTrain = Options.OptionalPositive("--max-train", "Use only the first N training images.");
        var maxTest = Options.OptionalPositive("--max-test", "Use only the first N test images.");
        var resume = new Option<bool>("--resume") { Description = "Continue from the folder's checkpoint if there is one." };
        var mmap = Options.MmapThreshold();
        var likelihood = new Option<string>("--likelihood") { Description = "Decoder likelihood: bernoulli (BCE on logits) or gaussian (σ = 0.1).", DefaultValueFactory = _ => "bernoulli" };
        likelihood.AcceptOnlyFromAmong("bernoulli", "gaussian");
        var codebookSize = new Option<int>("--codebook-size") { Description = "vq: K, the number of codes (at least 2).", DefaultValueFactory = _ => 256 };
        var levels = new Option<string>("--levels") { Description = "fsq: levels per channel, comma-separated, each at least 2 (8,6,5 = 240 codes; 8,5,5,5 = 1000).", DefaultValueFactory = _ => "8,6,5" };
        var emaDecay = new Option<double>("--ema-decay") { Description = "vq: decay of the EMA codebook updates and usage counts, in (0, 1).", DefaultValueFactory = _ => 0.99 };
        codebookSize.Validators.Add(r => { if (r.GetValue(codebookSize) < 2) r.AddError($"--codebook-size must be at least 2; got {r.GetValue(codebookSize)}."); });
        levels.Validators.Add(r =>
        {
            var text = r.GetValue(levels) ?? "";
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts.Any(p => !int.TryParse(p, out var level) || level < 2))
                r.AddError($"--levels must be integers of at least 2 separated by commas, e.g. 8,6,5; got '{text}'.");
        });
        emaDecay.Validators.Add(r => { var d = r.GetValue(emaDecay); if (!(d > 0 && d < 1)) r.AddError($"--ema-decay must lie strictly between 0 and 1; got {d}."); });
        var plainVq = new Option<bool>("--plain-vq") { Description = "vq: train the plain VQ-VAE (codebook by gradient; no EMA, k-means init or dead-code restart)." };

        var command = new Command("train", "Train a VAE; writes checkpoint.ckpt, metrics.csv/json and PNG figures to the output folder.")
        {
            model, dataset, epochs, latent, beta, seed, output, batch, learningRate, threads, maxTrain, maxTest, resume, mmap, likelihood,
            codebookSize, levels, emaDecay, plainVq,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var entry = ModelCatalogue.Find(parse.GetValue(model)!);
            var dataName = Names.DataSet(parse.GetValue(dataset)!);
            var decoder = parse.GetValue(likelihood) == "gaussian" ? DecoderKind.Gaussian : DecoderKind.Bernoulli;
            var fixes = !parse.GetValue(plainVq);
            var codes = new DiscreteCodeSpec(parse.GetValue(codebookSize), parse.GetValue(levels)!, fixes, parse.GetValue(emaDecay), fixes, fixes);
            var spec = new ModelSpec(entry.Name, parse.GetValue(latent) ?? entry.DefaultLatentSize, Likelihood: decoder,
                Codes: entry.Name is "vq" or "fsq" ? codes : null);
            var description = new RunDescription(spec, dataName, parse.GetValue(beta));
            var folder = parse.GetValue(output) ?? Path.Combine("runs", $"{entry.Name}-{parse.GetValue(dataset)}-z{spec.LatentSize}-seed{parse.GetValue(seed)}");
            var config = new TrainingConfig(parse.GetValue(seed), parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(learningRate),
                parse.GetValue(threads) ?? ThreadCount.Default);
            return Run(description, config, folder, parse.GetValue(maxTrain), parse.GetValue(maxTest), parse.GetValue(resume), parse.GetValue(mmap));
        }));
        return command;
    }

    private static int Run(RunDescription description, TrainingConfig config, string folder, int? maxTrain, int? maxTest, bool resume, int mmapThreshold)
    {
        Program.PrepareTorch(config.Threads!.Value, mmapThreshold);
        using var data = Datasets.Load(description.Dataset, maxTrain, maxTest);
        Console.WriteLine($"Data: {data.Name} — {data.TrainImages.shape[0]:N0} train / {data.TestImages.shape[0]:N0} test images, from {data.Source}");
        Console.WriteLine($"Model: {description.Model}, β = {description.Beta}, seed {config.Seed}, {config.Threads} thread(s), allocator {Allocator.Current}; output: {Path.GetFullPath(folder)}");

        var network = description.Model.Create(config.Seed);
        var vae = network as IGaussianVae;
        // VQ-VAE's commitment term enters with β = 0.25 (van den Oord et al. 2017); models without it ignore the weight.
        var objective = new Objective
        {
            KlWeight = _ => description.Beta,
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
                throw new CliException($"'{checkpoint}' was trained with different settings ({stored.Model}, {stored.Dataset}, β = {stored.Beta}); resume with the same --model, --dataset, --latent, --likelihood and --beta.");
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
    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => { if (r.GetValue(option) < 1) r.AddError($"{name} must be at least 1; got {r.GetValue(option)}."); });
        return option;
    }

    public static Option<int> MmapThreshold()
    {
        var option = new Option<int>("--mmap-threshold")
        {
            Description = $"glibc mmap threshold in bytes; 0 keeps glibc's dynamic default (faster, more resident memory). Default {Defaults.MmapThreshold}, chosen by `vaelab bench`.",
            DefaultValueFactory = _ => Defaults.MmapThreshold,
        };
        option.Validators.Add(r => { if (r.GetValue(option) < 0) r.AddError("--mmap-threshold must be ≥ 0."); });
        return option;
    }

    public static Option<int?> Threads()
    {
        var option = new Option<int?>("--threads") { Description = $"Intra-op threads (default: {ThreadCount.Variable} if set, else 2, or 1 on a 1-core machine; measured by `vaelab bench`). Use 1 on a busy machine." };
        option.Validators.Add(r => { if (r.GetValue(option) is < 1) r.AddError($"--threads must be at least 1; got {r.GetValue(option)}."); });
        return option;
    }

    public static Option<int> Seed(string description, int defaultValue)
    {
        var option = new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r => { if (r.GetValue(option) < 0) r.AddError($"--seed must be ≥ 0; got {r.GetValue(option)}."); });
        return option;
    }

    public static Option<int?> OptionalPositive(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r => { if (r.GetValue(option) is < 1) r.AddError($"{name} must be at least 1; got {r.GetValue(option)}."); });
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
