using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VaeLab.Training.Catalogue;
using VaeLab.Data;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Cli;

/// <summary>One measured configuration.</summary>
internal sealed record BenchResult(string Model, int Threads, int MmapThreshold, string Allocator, int Images, double[] EpochSeconds, double RssAfterLoadMiB, double PeakRssMiB, double LoadAverage,
    double[] RssAfterEpochMiB, double[] EpochLoss, double ParameterSum)
{
    public double BestSeconds => EpochSeconds.Min();
    public double ImagesPerSecond => Images / BestSeconds;
}

/// <summary>
/// `vaelab bench`: training throughput and peak memory of the MLP and conv VAE on the full Fashion-MNIST training
/// set. Each configuration runs in a fresh child process so its peak RSS is its own. Per epoch it also prints the
/// resident memory after the epoch (flat when every tensor is disposed) and the training loss to 17 digits with the sum
/// of the trained parameters (the same seed at the same thread count must print the same digits: determinism).
/// </summary>
internal static class BenchCommand
{
    private const string ResultPrefix = "BENCH-RESULT ";

    public static IEnumerable<Command> Create()
    {
        var models = new Option<string[]>("--models") { Description = "Image models to measure (default: every image model of the catalogue).", DefaultValueFactory = _ => Names.ImageModels, AllowMultipleArgumentsPerToken = true };
        models.AcceptOnlyFromAmong(Names.ImageModels);
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to measure (default: each model's default).", AllowMultipleArgumentsPerToken = true };
        var mmap = new Option<int[]>("--mmap-threshold") { Description = "glibc mmap thresholds in bytes to measure; 0 = glibc's dynamic default.", AllowMultipleArgumentsPerToken = true };
        var allocators = new Option<string[]>("--allocator") { Description = "Allocators to measure: glibc, or jemalloc/tcmalloc preloaded from Debian's libjemalloc2/libtcmalloc-minimal4.", DefaultValueFactory = _ => [Defaults.Allocator], AllowMultipleArgumentsPerToken = true };
        allocators.AcceptOnlyFromAmong([.. Allocator.Libraries.Keys]);
        var sweep = new Option<bool>("--sweep") { Description = "Measure threads 1 and 2 and mmap thresholds 0 and 131072 for each model." };
        var epochs = Options.Positive("--epochs", "Epochs per configuration (the fastest is reported).", 2);
        var maxTrain = Options.OptionalPositive("--max-train", "Use only the first N training images (default: all 60,000).");
        var bench = new Command("bench", "Measure training throughput (images/s, s per epoch) and peak memory on full Fashion-MNIST.")
        {
            models, threads, mmap, allocators, sweep, epochs, maxTrain,
        };
        bench.SetAction(parse => Program.Guard(() =>
        {
            var requestedThreads = parse.GetValue(threads) ?? [];
            var requestedMmap = parse.GetValue(mmap) ?? [];
            if (requestedThreads.Any(t => t < 1)) throw new CliException("--threads values must be at least 1.");
            if (requestedMmap.Any(t => t < 0)) throw new CliException("--mmap-threshold values must be ≥ 0.");
            if (parse.GetValue(sweep)) (requestedThreads, requestedMmap) = ([1, 2], [0, 131072]);
            var results = new List<BenchResult>();
            foreach (var model in parse.GetValue(models)!.Distinct())
            foreach (var t in requestedThreads.Length > 0 ? requestedThreads : [ThreadCount.Default])
            foreach (var allocator in parse.GetValue(allocators)!.Distinct())
            foreach (var m in allocator != "glibc" ? [0] : requestedMmap.Length > 0 ? requestedMmap : [Defaults.MmapThreshold])
                results.Add(RunChild(model, t, m, allocator, parse.GetValue(epochs), parse.GetValue(maxTrain)));
            Print(results);
            return 0;
        }));

        var model = new Option<string>("--model") { Required = true };
        var oneThreads = new Option<int>("--threads") { Required = true };
        var oneMmap = new Option<int>("--mmap-threshold") { Required = true };
        var oneEpochs = new Option<int>("--epochs") { Required = true };
        var oneMax = new Option<int?>("--max-train");
        var one = new Command("bench-one", "Internal: one benchmark configuration in this process.") { model, oneThreads, oneMmap, oneEpochs, oneMax };
        one.Hidden = true;
        one.SetAction(parse => Program.Guard(() =>
        {
            var result = Measure(parse.GetValue(model)!, parse.GetValue(oneThreads), parse.GetValue(oneMmap), parse.GetValue(oneEpochs), parse.GetValue(oneMax));
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
            return 0;
        }));
        return [bench, one];
    }

    private static BenchResult Measure(string modelName, int threads, int mmapThreshold, int epochs, int? maxTrain)
    {
        if (mmapThreshold > 0 && Allocator.Current == "glibc" && !GlibcMalloc.SetMmapThreshold(mmapThreshold))
            throw new CliException("Could not set glibc's mmap threshold (not glibc?). Use --mmap-threshold 0.");
        Program.PrepareTorch(threads);
        using var data = Datasets.Load(DatasetName.FashionMnist, maxTrain, 1);
        GC.Collect();
        var afterLoad = GlibcMalloc.ResidentMiB() ?? double.NaN;
        var entry = ModelCatalogue.Find(modelName);
        var shape = new ImageData(ImageShape.Mnist);
        var options = entry.Options(shape);
        var network = entry.Build(options, shape, seed: 1).Module;
        var memory = new MemoryAfterEachEpoch();
        var trainer = new Trainer(network, entry.DefaultObjective(options),
            new TrainingConfig(Seed: 1, Epochs: epochs, BatchSize: 128, LearningRate: 1e-3, Threads: threads)) { Progress = memory };
        var history = trainer.Fit(data.TrainImages).History;
        var allocator = Allocator.Current;
        double parameterSum;
        using (no_grad()) parameterSum = network.parameters().Sum(p => p.to_type(ScalarType.Float64).sum().item<double>());
        return new BenchResult(modelName, threads, mmapThreshold, allocator, (int)data.TrainImages.shape[0],
            history.Select(h => h.Seconds).ToArray(), afterLoad, GlibcMalloc.PeakResidentMiB() ?? double.NaN, LoadAverage(),
            [.. memory.ResidentMiB], history.Select(h => h.Loss).ToArray(), parameterSum);
    }

    /// <summary>Reads the resident set size when each epoch ends (after its evaluation), from /proc/self/status.</summary>
    private sealed class MemoryAfterEachEpoch : ITrainingProgress
    {
        public List<double> ResidentMiB { get; } = [];
        public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch) { }
        public void StepCompleted(TrainingStep step, double loss) { }
        public void EpochCompleted(EpochMetrics metrics) => ResidentMiB.Add(GlibcMalloc.ResidentMiB() ?? double.NaN);
        public void Finished(TrainingResult result) { }
    }

    private static BenchResult RunChild(string model, int threads, int mmap, string allocator, int epochs, int? maxTrain)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        var library = Allocator.Libraries[allocator];
        if (library.Length > 0)
        {
            if (!File.Exists(library)) throw new CliException($"{allocator} is not installed ({library}); on Debian: apt-get install {(allocator == "jemalloc" ? "libjemalloc2" : "libtcmalloc-minimal4")}.");
            start.Environment["LD_PRELOAD"] = library;
        }
        start.Environment[Allocator.Variable] = allocator;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in new[] { "bench-one", "--model", model, "--threads", $"{threads}", "--mmap-threshold", $"{mmap}", "--epochs", $"{epochs}" })
            start.ArgumentList.Add(a);
        if (maxTrain is int n) { start.ArgumentList.Add("--max-train"); start.ArgumentList.Add($"{n}"); }
        Console.Error.WriteLine($"measuring {model}, {threads} thread(s), {allocator}, mmap threshold {(mmap == 0 ? "glibc default" : mmap.ToString(CultureInfo.InvariantCulture))}, load {LoadAverage():F2} ...");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The benchmark of {model} failed (exit {process.ExitCode}): {stdout}{stderr.Result}");
        return JsonSerializer.Deserialize<BenchResult>(line[ResultPrefix.Length..])!;
    }

    private static void Print(IReadOnlyList<BenchResult> results)
    {
        Console.WriteLine($"Fashion-MNIST training set, batch 128, Adam; {Environment.ProcessorCount} cores; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, libtorch {TorchSharp.torch.__version__}");
        Console.WriteLine($"{"model",-5} {"threads",7} {"allocator",9} {"mmap threshold",15} {"images",7} {"s/epoch (each)",-22} {"best s",7} {"images/s",9} {"RSS after load",14} {"peak RSS",9} {"load",5}");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-5} {r.Threads,7} {r.Allocator,9} {(r.Allocator != "glibc" ? "n/a" : r.MmapThreshold == 0 ? "default" : r.MmapThreshold.ToString(CultureInfo.InvariantCulture)),15} {r.Images,7} {string.Join(" ", r.EpochSeconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture))),-22} {r.BestSeconds,7:F2} {r.ImagesPerSecond,9:N0} {r.RssAfterLoadMiB,10:F0} MiB {r.PeakRssMiB,5:F0} MiB {r.LoadAverage,5:F2}"));
        Console.WriteLine();
        Console.WriteLine("Per epoch: resident memory after the epoch (flat when tensors are disposed); training loss and parameter sum");
        Console.WriteLine("to 17 digits (the same seed at the same thread count gives the same digits).");
        Console.WriteLine($"{"model",-5} {"threads",7} {"epoch",5} {"RSS after",10} {"training loss",22}");
        foreach (var r in results)
        {
            for (var e = 0; e < r.EpochLoss.Length; e++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Model,-5} {r.Threads,7} {e + 1,5} {r.RssAfterEpochMiB[e],6:F0} MiB {r.EpochLoss[e].ToString("G17", CultureInfo.InvariantCulture),22}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-5} {r.Threads,7} parameter sum after training {r.ParameterSum.ToString("G17", CultureInfo.InvariantCulture)}"));
        }
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
}
