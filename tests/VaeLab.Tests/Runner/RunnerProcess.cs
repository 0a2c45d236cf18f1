using System.Diagnostics;

namespace VaeLab.Tests.Runner;

/// <summary>Starts the notebook runner as a user would, in a child process.</summary>
internal static class RunnerProcess
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(TimeSpan timeout, params string[] arguments) => Run(timeout, new Dictionary<string, string>(), arguments);

    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunIn(RepositoryPaths.Root, timeout, environment, arguments);

    /// <summary>Runs the runner with another working directory (e.g. a small repository made by a test).</summary>
    public static Result RunIn(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        Assert.True(File.Exists(RepositoryPaths.RunnerDll), $"The runner is not built at {RepositoryPaths.RunnerDll}.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(RepositoryPaths.RunnerDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The runner did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
