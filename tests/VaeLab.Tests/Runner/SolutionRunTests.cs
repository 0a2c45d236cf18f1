using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VaeLab.Tests.Repository;

namespace VaeLab.Tests.Runner;

/// <summary>
/// The exercises tested against a real run: each notebook listed here is executed in quick mode with the reference
/// solutions pasted in (every line of a solution's code blocks replaces the notebook's line marked <c>// ← your answer</c>
/// that declares the same name), and every check cell must print "✓". The untouched notebook's quick run
/// (<see cref="NotebookExecutionTests"/>) must print only "not yet:" in the same cells. Predictions are so checked against
/// the measurement the notebook's own quick run produces, not against synthetic numbers.
/// </summary>
public partial class SolutionRunTests
{
    /// <summary>Notebooks whose solutions follow the pasteable format (one answer line per marked line, same name).</summary>
    public static readonly string[] Checked =
    [
        "00-setup-and-tour.ipynb",
        "01-graphical-models.ipynb",
        "02-variational-inference-and-elbo.ipynb",
        "05-beta-vae.ipynb", // (out of order on purpose: notebook 06 adds its line after 04's; apart, the two merge cleanly)
        "03-reparameterization.ipynb",
        "04-vae.ipynb",
        "06-kl-annealing.ipynb",
        "07-vq-vae.ipynb",
        "09-beyond-the-vae.ipynb",
    ];

    public const string AnswerMarker = "// ← your answer";

    public static TheoryData<string> CheckedNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var name in Checked) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CheckedNotebooks))]
    public void Every_exercise_cell_gets_an_answer_from_the_solutions(string name)
    {
        var (_, exerciseCells) = WithSolutions(name);
        Assert.NotEmpty(exerciseCells);
        foreach (var (index, answered) in exerciseCells)
            Assert.True(answered > 0, $"{name} cell {index}: no line of the solutions declares a name marked '{AnswerMarker}' there.");
    }

    [Theory]
    [MemberData(nameof(CheckedNotebooks))]
    public void Solutions_pass_every_check_in_a_real_quick_run(string name)
    {
        var (notebook, exerciseCells) = WithSolutions(name);
        var folder = Directory.CreateTempSubdirectory("vaelab-solutions-").FullName;
        var input = Path.Combine(folder, "input");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, name), notebook.ToJsonString());
        var output = Path.Combine(folder, "output");
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(15), "run", Path.Combine(input, name), "--output", output, "--quick");
        Assert.True(result.ExitCode == 0, $"{name} with the solutions failed:\n{result.Output}");

        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(output, name)))!["cells"]!.AsArray();
        foreach (var (index, _) in exerciseCells)
        {
            var lines = CheckLines(executed[index]!);
            Assert.True(lines.Count > 0 && lines.All(l => l.StartsWith("✓ ", StringComparison.Ordinal)),
                $"{name} cell {index} with the solution printed:\n{string.Join("\n", lines)}");
        }
    }

    /// <summary>The check verdicts a cell printed: its output lines that start with "✓ " or "not yet:".</summary>
    public static List<string> CheckLines(JsonNode cell) =>
        (cell["outputs"]?.AsArray() ?? [])
            .SelectMany(o => new[] { Text(o!["text"]), Text(o!["data"]?["text/plain"]) })
            .SelectMany(t => t.Split('\n'))
            .Where(l => l.StartsWith("✓ ", StringComparison.Ordinal) || l.StartsWith("not yet:", StringComparison.Ordinal))
            .ToList();

    /// <summary>
    /// The notebook with every marked line that a solution answers replaced (indentation kept), the library reference
    /// made absolute (the copy runs outside the repository), and the indices of the exercise cells.
    /// </summary>
    public static (JsonObject Notebook, List<(int Cell, int Answered)> ExerciseCells) WithSolutions(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, name)))!.AsObject();
        var answers = SolutionLines(name);
        var library = Path.Combine(RepositoryPaths.Root, "artifacts", "lib", "VaeLab.dll");
        var cells = notebook["cells"]!.AsArray();
        var exerciseCells = new List<(int Cell, int Answered)>();
        for (var index = 0; index < cells.Count; index++)
        {
            var cell = cells[index]!;
            if ((string?)cell["cell_type"] != "code") continue;
            var lines = Source(cell).Replace("\"../artifacts/lib/VaeLab.dll\"", $"\"{library}\"").Split('\n');
            var (marked, answered) = (false, 0);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].Contains(AnswerMarker)) continue;
                marked = true;
                var declared = DeclaredName(lines[i]);
                if (declared is null || !answers.TryGetValue(declared, out var answer)) continue;
                lines[i] = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)] + answer;
                answered++;
            }
            if (marked) exerciseCells.Add((index, answered));
            var text = string.Join("\n", lines);
            var source = new JsonArray();
            var split = text.Split('\n');
            for (var i = 0; i < split.Length; i++) source.Add(i < split.Length - 1 ? split[i] + "\n" : split[i]);
            cell["source"] = source;
        }
        return (notebook, exerciseCells);
    }

    /// <summary>The answer lines of <c>solutions/NN-….md</c> (inside ```csharp blocks), by the name each declares.</summary>
    public static Dictionary<string, string> SolutionLines(string notebookName)
    {
        var path = Path.Combine(RepositoryPaths.Root, "solutions", Path.ChangeExtension(notebookName, ".md"));
        Assert.True(File.Exists(path), $"No reference solutions at {path}.");
        var answers = new Dictionary<string, string>();
        foreach (Match block in CodeBlock().Matches(File.ReadAllText(path)))
            foreach (var line in block.Groups["code"].Value.Split('\n').Select(l => l.Trim()).Where(l => TrailingComment().Replace(l, "").EndsWith(';')))
                if (DeclaredName(line) is { } name) answers[name] = line;
        return answers;
    }

    /// <summary>The name a line declares or assigns ("bool? x = …", "double[] x = …", "x = …"), or null.</summary>
    public static string? DeclaredName(string line)
    {
        var match = Declaration().Match(line.Trim());
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        var text => (string?)text ?? "",
    };

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        null => "",
        var text => (string?)text ?? "",
    };

    [GeneratedRegex(@"\s*//[^""]*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^(?:[\w<>\[\]?,.\s]+?\s+)?(?<name>[A-Za-z_]\w*)\s*=[^=>]")]
    private static partial Regex Declaration();
}
