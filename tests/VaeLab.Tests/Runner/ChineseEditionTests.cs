using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace VaeLab.Tests.Runner;

/// <summary>
/// The Chinese edition (notebooks-zh/): generated from the English notebooks and the translation files by the runner's
/// <c>translate</c> command. Code is one source of truth: the check fails when a Chinese notebook's code differs from the
/// English; a translation of an older English text is listed as stale and does not fail.
/// </summary>
public class ChineseEditionTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void Every_Chinese_notebook_in_the_repository_is_current_and_its_code_is_the_English_code()
    {
        var result = RunnerProcess.Run(Minute, "translate", "--check");
        Assert.True(result.ExitCode == 0, result.Output);

        var folder = Path.Combine(RepositoryPaths.Root, "notebooks-zh");
        var chinese = Directory.GetFiles(folder, "*.ipynb");
        Assert.NotEmpty(chinese);
        foreach (var path in chinese)
        {
            var english = Load(Path.Combine(RepositoryPaths.Notebooks, Path.GetFileName(path)));
            var translated = Load(path);
            Assert.Equal(Code(english), Code(translated));
            Assert.Equal(english["metadata"]!.ToJsonString(), translated["metadata"]!.ToJsonString());
        }
    }

    [Fact]
    public void The_first_Chinese_notebook_runs_headless_in_quick_mode()
    {
        var first = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "notebooks-zh"), "*.ipynb").Order(StringComparer.Ordinal).First();
        var output = Directory.CreateTempSubdirectory("vaelab-zh-run-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(15), "run", first, "--output", output, "--quick");
        Assert.True(result.ExitCode == 0, result.Output);
        var executed = File.ReadAllText(Path.Combine(output, Path.GetFileName(first)));
        Assert.DoesNotContain("\"output_type\": \"error\"", executed);
        Assert.Matches("[\\u4e00-\\u9fff]", executed);
    }

    [Fact]
    public void The_check_fails_on_an_edited_code_cell_and_on_a_Chinese_notebook_not_regenerated()
    {
        var repository = SmallRepository(englishMarkdown: "# One\n\nEnglish prose.", translation: "# 一\n\n中文。");
        Assert.Equal(0, RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate").ExitCode);
        var chinesePath = Path.Combine(repository, "notebooks-zh", "00-one.ipynb");
        Assert.Contains("中文。", File.ReadAllText(chinesePath));
        Assert.Equal(0, RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate", "--check").ExitCode);

        // Someone edits code in the Chinese notebook by hand: the check fails and names the notebook.
        File.WriteAllText(chinesePath, File.ReadAllText(chinesePath).Replace("var x = 1;", "var x = 2;"));
        var edited = RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate", "--check");
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("OUT OF DATE", edited.Output);
        Assert.Contains("notebooks-zh/00-one.ipynb", edited.Output);

        // Regenerating restores the English code; then the English code changes: the check fails until regenerated.
        Assert.Equal(0, RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate").ExitCode);
        var englishPath = Path.Combine(repository, "notebooks", "00-one.ipynb");
        File.WriteAllText(englishPath, File.ReadAllText(englishPath).Replace("var x = 1;", "var x = 3;"));
        Assert.Equal(1, RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate", "--check").ExitCode);
        Assert.Equal(0, RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate").ExitCode);
        Assert.Contains("var x = 3;", File.ReadAllText(chinesePath));
    }

    [Fact]
    public void A_translation_of_older_English_is_listed_as_stale_without_failing_and_untranslated_cells_stay_English()
    {
        var repository = SmallRepository(englishMarkdown: "# One\n\nEnglish prose.", translation: "# 一\n\n中文。");
        var englishPath = Path.Combine(repository, "notebooks", "00-one.ipynb");
        File.WriteAllText(englishPath, File.ReadAllText(englishPath).Replace("English prose.", "English prose, revised."));

        var written = RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate");
        Assert.Equal(0, written.ExitCode);
        Assert.Matches(@"stale\s+cell-000", written.Output);
        Assert.Matches(@"untranslated\s+cell-002", written.Output);
        var chinese = File.ReadAllText(Path.Combine(repository, "notebooks-zh", "00-one.ipynb"));
        Assert.Contains("中文。", chinese);
        Assert.Contains("Closing words.", chinese);
        var status = File.ReadAllText(Path.Combine(repository, "notebooks-zh", "STATUS.md"));
        Assert.Contains($"<!-- cell cell-000 · from English {Digest("# One\n\nEnglish prose, revised.")} -->", status);

        var check = RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate", "--check");
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("1 stale and 1 untranslated", check.Output);
    }

    [Theory]
    [InlineData("<!-- cell cell-001 · from English " + "0123456789ab -->\n代码？", "cell-001 is a code cell")]
    [InlineData("<!-- cell cell-009 · from English " + "0123456789ab -->\n多余", "cell-009 is not a cell of the English notebook")]
    [InlineData("<!-- cell cell-000 · from English xyz -->\n坏", "a cell marker must read")]
    [InlineData("<!-- cell cell-000 · from English " + "0123456789ab -->\n\n", "is empty")]
    public void A_bad_translation_file_gets_a_one_line_error_and_writes_nothing(string translationFile, string message)
    {
        var repository = SmallRepository(englishMarkdown: "# One", translation: null);
        File.WriteAllText(Path.Combine(repository, "notebooks-zh", "translations", "00-one.md"), translationFile);
        var result = RunnerProcess.RunIn(repository, Minute, NoEnvironment, "translate");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Output);
        Assert.False(File.Exists(Path.Combine(repository, "notebooks-zh", "00-one.ipynb")));
    }

    private static string SmallRepository(string englishMarkdown, string? translation)
    {
        var root = Directory.CreateTempSubdirectory("vaelab-zh-").FullName;
        File.WriteAllText(Path.Combine(root, "VaeLab.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        Directory.CreateDirectory(Path.Combine(root, "notebooks-zh", "translations"));
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(
                Cell("cell-000", "markdown", englishMarkdown),
                Cell("cell-001", "code", "var x = 1;\nx"),
                Cell("cell-002", "markdown", "Closing words.")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(Path.Combine(root, "notebooks", "00-one.ipynb"), notebook.ToJsonString());
        if (translation is not null)
            File.WriteAllText(Path.Combine(root, "notebooks-zh", "translations", "00-one.md"),
                $"Notes for translators.\n\n<!-- cell cell-000 · from English {Digest(englishMarkdown)} -->\n{translation}\n");
        return root;
    }

    private static JsonObject Cell(string id, string kind, string source)
    {
        var cell = new JsonObject { ["cell_type"] = kind, ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = source };
        if (kind == "code") { cell["execution_count"] = null; cell["outputs"] = new JsonArray(); }
        return cell;
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static List<string> Code(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => c!.AsObject())
            .Select(c => $"{c["id"]} {c["cell_type"]} {((string?)c["cell_type"] == "code" ? Source(c) + c["metadata"]!.ToJsonString() : "")}")
            .ToList();

    private static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };
}
