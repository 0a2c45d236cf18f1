using System.Text.Json.Nodes;

namespace VaeLab.Tests.Runner;

public class RunnerTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static JsonArray CodeCells(string executedNotebook) => new(
        JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").Select(c => c!.DeepClone()).ToArray());

    [Fact]
    public void A_failing_cell_fails_the_run_and_is_named_with_its_number()
    {
        var output = Directory.CreateTempSubdirectory("vaelab-runner-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(3), "run", Fixture("failing-cell.ipynb"), "--output", output, "--quick");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failing-cell.ipynb: cell 5 (code cell 3): System.InvalidOperationException: deliberate failure in the fixture", result.Output);
        Assert.Contains("0 passed, 1 failed", result.Output);

        var cells = CodeCells(Path.Combine(output, "failing-cell.ipynb"));
        Assert.Contains("first cell ran", cells[0]!["outputs"]!.ToJsonString());
        Assert.Contains("42", cells[1]!["outputs"]![0]!["data"]!.ToJsonString());
        Assert.Equal("error", (string?)cells[2]!["outputs"]![0]!["output_type"]);
        Assert.Empty(cells[3]!["outputs"]!.AsArray()); // nothing runs after a failure
    }

    [Fact]
    public void A_compile_error_is_reported_with_the_compiler_message()
    {
        var output = Directory.CreateTempSubdirectory("vaelab-runner-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(3), "run", Fixture("compile-error.ipynb"), "--output", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compile-error.ipynb: cell 1 (code cell 1)", result.Output);
        Assert.Contains("CS0029", result.Output);
    }

    [Fact]
    public void A_passing_notebook_runs_from_its_own_folder_and_keeps_its_outputs()
    {
        var output = Directory.CreateTempSubdirectory("vaelab-runner-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(3), "run", Fixture("passing.ipynb"), "--output", output, "--full");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 passed, 0 failed", result.Output);
        var cells = CodeCells(Path.Combine(output, "passing.ipynb"));
        var printed = (string?)cells[0]!["outputs"]![0]!["text"];
        Assert.Equal([Path.GetDirectoryName(Fixture("passing.ipynb"))!, "0"], printed!.Trim().Split('\n'));
        Assert.Equal("<b>html</b>", (string?)cells[1]!["outputs"]![0]!["data"]!["text/html"]);
        Assert.True(File.Exists(Path.Combine(output, "summary-full.json")));
    }

    [Fact]
    public void A_missing_notebook_is_a_clear_error()
    {
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(1), "run", "no-such-notebook.ipynb");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No notebook or folder at 'no-such-notebook.ipynb'", result.Output);
    }
}
