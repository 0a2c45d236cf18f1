using System.Diagnostics;
using System.Text.Json.Nodes;

namespace VaeLab.Tests.Runner;

/// <summary>Translates the fixture notebook once (through the runner, as a user would) for the rule tests.</summary>
public sealed class GeneratedFixture
{
    public GeneratedFixture()
    {
        Path = System.IO.Path.Combine(RepositoryPaths.Root, "output", "test-apps", "app-rules.cs");
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(2), "app", System.IO.Path.Combine(RepositoryPaths.Root, "tests", "VaeLab.Tests", "Fixtures", "app-rules.ipynb"), "--output", Path);
        Assert.True(result.ExitCode == 0, result.Output);
        Text = File.ReadAllText(Path);
    }

    public string Path { get; }
    public string Text { get; }
}

/// <summary>Tests that build file-based apps run one at a time: their builds share the library's Debug output.</summary>
[CollectionDefinition(Name)]
public sealed class FileBasedApps
{
    public const string Name = "file-based apps";
}

/// <summary>Each translation rule of lib/VaeLab.Runner/APPS.md on the fixture tests/VaeLab.Tests/Fixtures/app-rules.ipynb.</summary>
[Collection(FileBasedApps.Name)]
public class AppGeneratorTests(GeneratedFixture fixture) : IClassFixture<GeneratedFixture>
{
    private string Text => fixture.Text;

    private string[] Lines => Text.Split('\n');

    /// <summary>The program text after the report's copy of the cells' sources (outside raw strings).</summary>
    private string Program => string.Join('\n', StripRawStrings(Lines));

    [Fact]
    public void Rule1_nuget_references_become_pinned_packages()
    {
        Assert.Contains("#:package SkiaSharp@3.119.0", Lines);
        Assert.Contains("#:property ManagePackageVersionsCentrally=false", Lines);
        Assert.DoesNotContain("#r ", Program);
    }

    [Fact]
    public void Rule2_the_library_dll_becomes_a_project_reference_relative_to_the_app()
    {
        Assert.Contains("#:project ../../lib/VaeLab/VaeLab.csproj", Lines);
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fixture.Path)!, "../../lib/VaeLab/VaeLab.csproj"))));
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "notebook host directive")]
    [InlineData("#r \"other/Library.dll\"", "only NuGet packages and the VaeLab library")]
    [InlineData("Kernel.Root.Name", "notebook kernel")]
    public void Rule3_and_10_host_directives_other_dlls_and_the_kernel_are_refused(string cell, string message)
    {
        var result = Translate(["var fine = 1;", cell]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Output);
        Assert.Contains("cell", result.Output);
    }

    [Fact]
    public void Rule4_usings_are_hoisted_once_each_in_order_of_first_appearance()
    {
        var usings = StripRawStrings(Lines).Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["using VaeLab.Apps;", "using System.Globalization;", "using System.Text;"], usings);
        var start = Array.FindIndex(Lines, l => l.StartsWith("VaeLab.Apps.App.Start(", StringComparison.Ordinal));
        Assert.True(Array.FindLastIndex(Lines, l => l.StartsWith("using ", StringComparison.Ordinal) && !l.Contains("VaeLab.Apps.App")) < start || usings.Count == 3);
        Assert.All(StripRawStrings(Lines).Skip(start), l => Assert.False(l.StartsWith("using ", StringComparison.Ordinal), l));
    }

    [Fact]
    public void Rule5_markdown_becomes_report_prose_verbatim_even_with_triple_quotes()
    {
        Assert.Contains("VaeLab.Apps.App.Markdown(\"\"\"\"\n# Fixture for the app rules\n\nProse with math $a^2$ and quotes: He said \"\"\"hi\"\"\".\n\"\"\"\");", Text);
    }

    [Fact]
    public void Rule6_each_code_cell_is_copied_into_the_report_then_runs_in_order()
    {
        var code = Text.IndexOf("VaeLab.Apps.App.Code(\"\"\"\nvar answer = 6 * 7;", StringComparison.Ordinal);
        var run = Text.IndexOf("\"\"\");\nvar answer = 6 * 7;", StringComparison.Ordinal);
        Assert.True(code >= 0 && run > code, Text);
        Assert.True(Text.IndexOf("var answer", StringComparison.Ordinal) < Text.IndexOf("var point", StringComparison.Ordinal));
    }

    [Fact]
    public void Rule7_display_HTML_and_DisplayAs_become_App_calls()
    {
        Assert.Contains("VaeLab.Apps.App.Display(\"shown by display\");", Lines);
        Assert.Contains("VaeLab.Apps.App.Display(VaeLab.Apps.App.Html(\"<b>bold html</b>\"));", Lines);
        Assert.Contains("VaeLab.Apps.App.Display(VaeLab.Apps.App.Html(\"<svg width='120' height='20'><text x='2' y='14'>a tiny diagram</text></svg>\"));", Lines);
    }

    [Fact]
    public void Rule7_a_trailing_bare_expression_is_displayed_but_a_trailing_print_is_not()
    {
        Assert.Contains("VaeLab.Apps.App.Display(answer + 0);", Lines);
        Assert.Contains("VaeLab.Apps.App.Display(builder.ToString()); // a trailing comment", Lines);
        Assert.Contains("VaeLab.Apps.App.Display(Twice(21).ToString(CultureInfo.InvariantCulture));", Lines);
        Assert.Contains("Console.WriteLine($\"point {point}\");", Lines);
        Assert.DoesNotContain("App.Display(Console", Text);
    }

    [Fact]
    public void Rule8_types_move_after_the_statements_and_local_functions_stay()
    {
        var finish = Array.IndexOf(Lines, "VaeLab.Apps.App.Finish();");
        var record = Array.LastIndexOf(Lines, "record Point(int X, int Y);");
        Assert.True(finish > 0 && record > finish, Text);
        Assert.Contains("int Twice(int v) => 2 * v;", StripRawStrings(Lines).Take(finish));
    }

    [Fact]
    public void Rule9_a_name_declared_in_two_cells_is_refused()
    {
        var result = Translate(["var total = 1;", "var total = 2;"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'total' was already declared in cell 1", result.Output);
    }

    [Fact]
    public void Rule11_the_program_starts_and_finishes_the_report_around_the_cells()
    {
        var program = StripRawStrings(Lines).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();
        var start = program.FindIndex(l => l == "VaeLab.Apps.App.Start(\"app-rules\", args);");
        Assert.True(start > 0 && program.Skip(start + 1).All(l => !l.StartsWith("using ", StringComparison.Ordinal)));
        Assert.Contains("#:property PublishAot=false", Lines);
        Assert.StartsWith("// <auto-generated> from tests/VaeLab.Tests/Fixtures/app-rules.ipynb", Text);
    }

    [Fact]
    public void The_translated_fixture_runs_as_a_plain_program_and_writes_the_report_in_order()
    {
        var output = Directory.CreateTempSubdirectory("vaelab-app-rules-").FullName;
        var result = DotnetRun(fixture.Path, TimeSpan.FromMinutes(10), "--output", output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("host: none (no .NET Interactive, no Roslyn in this program)", result.Output);

        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        string[] inOrder =
        [
            "# Fixture for the app rules", "```text\nsetup ran\n```", "```text\n42\n```", "```text\nshown by display\n```",
            "![a tiny diagram](figure-01.svg)", "<b>bold html</b>", "point Point { X = 1, Y = 2 }", "built by a hoisted using",
        ];
        var positions = inOrder.Select(s => report.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(positions.All(p => p >= 0), $"missing from the report: {string.Join(" | ", inOrder.Where((s, i) => positions[i] < 0))}\n{report}");
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("xmlns=\"http://www.w3.org/2000/svg\"", File.ReadAllText(Path.Combine(output, "figure-01.svg")));
    }

    [Fact]
    public void Every_generated_app_is_up_to_date_with_its_notebook()
    {
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(2), "apps", "--check");
        Assert.True(result.ExitCode == 0,
            "Generated apps are out of date with their notebooks; run `dotnet artifacts/runner/vaelab-notebooks.dll apps`:\n" + result.Output);
    }

    private static RunnerProcess.Result Translate(IReadOnlyList<string> cells)
    {
        var folder = Directory.CreateTempSubdirectory("vaelab-app-gen-").FullName;
        var notebook = Path.Combine(folder, "99-case.ipynb");
        var array = new JsonArray();
        foreach (var cell in cells)
            array.Add(new JsonObject { ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = cell });
        File.WriteAllText(notebook, new JsonObject { ["cells"] = array, ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString());
        return RunnerProcess.Run(TimeSpan.FromMinutes(2), "app", notebook, "--output", Path.Combine(folder, "case.cs"));
    }

    /// <summary>Runs a file-based app with `dotnet run FILE -- ARGS` from the repository root.</summary>
    internal static RunnerProcess.Result DotnetRun(string file, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(file);
        start.ArgumentList.Add("--");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("VAELAB_QUICK");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet run {file} did not finish within {timeout}.");
        }
        return new RunnerProcess.Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The file's lines without the contents of raw string literals (the report's copies of the cells).</summary>
    private static IEnumerable<string> StripRawStrings(IEnumerable<string> lines)
    {
        string? closing = null;
        foreach (var line in lines)
        {
            if (closing is not null)
            {
                if (line.StartsWith(closing, StringComparison.Ordinal) && line.TrimEnd(')', ';').Length == closing.Length) closing = null;
                continue;
            }
            var open = line.IndexOf("(\"\"\"", StringComparison.Ordinal);
            if (open >= 0 && line.TrimEnd().EndsWith('"'))
            {
                closing = line[(open + 1)..].Trim();
                continue;
            }
            yield return line;
        }
    }
}
