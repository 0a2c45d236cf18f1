using System.Diagnostics;
using System.Text.Json;

namespace VaeLab.Runner;

/// <summary>The outcome of one notebook run in its own process.</summary>
/// <param name="Seed">The session seed passed as VAELAB_SEED, or null for the notebooks' default (42).</param>
public sealed record NotebookResult(string Notebook, bool Passed, double Seconds, string Mode, string? Failure, string Output, int? Seed = null);

/// <summary>
/// Runs notebooks one after another, each in a fresh child process started from the notebook's own folder (so
/// relative <c>#r</c> paths resolve as in VS Code, and no assembly of this host can mask a missing reference).
/// </summary>
public sealed class SeriesRunner
{
    private readonly TextWriter log;

    public SeriesRunner(TextWriter log) => this.log = log;

    public async Task<IReadOnlyList<NotebookResult>> RunAsync(
        IReadOnlyList<string> notebooks, string outputDirectory, bool? quick, TimeSpan timeout, CancellationToken cancellation = default,
        int? seed = null)
    {
        Directory.CreateDirectory(outputDirectory);
        var results = new List<NotebookResult>();
        foreach (var notebook in notebooks)
        {
            var output = Path.Combine(outputDirectory, Path.GetFileName(notebook));
            results.Add(await RunOneAsync(Path.GetFullPath(notebook), Path.GetFullPath(output), quick, seed, timeout, cancellation));
        }
        foreach (var group in results.GroupBy(r => r.Mode))
            WriteSummary(group.ToList(), Path.Combine(outputDirectory, $"summary-{group.Key}.json"));
        return results;
    }

    private async Task<NotebookResult> RunOneAsync(string notebook, string output, bool? quick, int? seed, TimeSpan timeout, CancellationToken cancellation)
    {
        var name = Path.GetFileName(notebook);
        var start = new ProcessStartInfo
        {
            WorkingDirectory = Path.GetDirectoryName(notebook)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var host = Environment.ProcessPath ?? "dotnet";
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(SeriesRunner).Assembly.Location);
        foreach (var argument in new[] { "execute", notebook, "--output", output }) start.ArgumentList.Add(argument);
        if (quick is { } q) start.Environment["VAELAB_QUICK"] = q ? "1" : "0";
        if (seed is { } s) start.Environment[SeedChoice.Variable] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mode = (quick ?? ModeFromEnvironment()) ? "quick" : "full";

        log.WriteLine($"▶ {name} ({mode} mode, seed {seed ?? SeedChoice.Default})");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        var failure = (string?)null;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.WriteLine(e.Data);
            if (e.Data.StartsWith("FAILED ", StringComparison.Ordinal)) failure = e.Data["FAILED ".Length..];
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            process.WaitForExit(); // drains the redirected streams
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            failure = $"{name}: timed out after {timeout.TotalMinutes:F0} min";
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var passed = failure is null && process.HasExited && process.ExitCode == 0;
        if (!passed) failure ??= $"{name}: the notebook process exited with code {process.ExitCode}";
        log.WriteLine(passed ? $"✔ {name} in {seconds:F1} s → {output}" : $"✘ {failure}");
        return new NotebookResult(name, passed, Math.Round(seconds, 1), mode, failure, output, seed);
    }

    private static bool ModeFromEnvironment()
    {
        var quick = Environment.GetEnvironmentVariable("VAELAB_QUICK");
        if (!string.IsNullOrWhiteSpace(quick)) return quick.Trim() is "1" or "true" or "yes" or "on";
        return !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CI"));
    }

    /// <summary>Merges into the summary of that mode (a run of one notebook keeps the others' rows).</summary>
    private static void WriteSummary(IReadOnlyList<NotebookResult> results, string path)
    {
        var rows = ReadSummary(path).Where(old => results.All(r => r.Notebook != old.Notebook)).Concat(results)
            .OrderBy(r => r.Notebook, StringComparer.Ordinal).ToList();
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    public static IReadOnlyList<NotebookResult> ReadSummary(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<NotebookResult>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
