using System.Text.Json.Nodes;
using VaeLab.Tests.Repository;

namespace VaeLab.Tests.Runner;

/// <summary>Executes every notebook of the series headless, in quick mode, exactly as the README's main command
/// does, and checks that each produced its figures.</summary>
public class NotebookExecutionTests
{
    public static TheoryData<string> Notebooks() => NotebookConventionTests.Notebooks();

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_headless_in_quick_mode(string name)
    {
        var output = Directory.CreateTempSubdirectory("vaelab-notebook-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(15), "run", Path.Combine(RepositoryPaths.Notebooks, name), "--output", output, "--quick");
        Assert.True(result.ExitCode == 0, $"{name} failed:\n{result.Output}");

        var outputs = JsonNode.Parse(File.ReadAllText(Path.Combine(output, name)))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        var mimeTypes = outputs.SelectMany(o => o!["data"]?.AsObject().Select(p => p.Key) ?? []).ToHashSet();
        Assert.True(mimeTypes.Contains("text/html") || mimeTypes.Contains("image/png"), $"{name} displayed no figure.");

        // Exercises both ways: untouched, every check says "not yet" (SolutionRunTests runs the solutions' side).
        if (!SolutionRunTests.Checked.Contains(name)) return;
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, name)))!["cells"]!.AsArray();
        foreach (var (index, _) in SolutionRunTests.WithSolutions(name).ExerciseCells)
        {
            var lines = SolutionRunTests.CheckLines(executed[index]!);
            Assert.True(lines.Count > 0 && lines.All(l => l.StartsWith("not yet:", StringComparison.Ordinal)),
                $"{name} cell {index}, untouched, printed:\n{string.Join("\n", lines)}");
        }
    }
}
