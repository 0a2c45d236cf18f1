namespace VaeLab.Tests.Repository;

/// <summary>
/// The library's layers, as lib/README.md draws them, read from the code by the compiler: a file uses only layers drawn
/// below its own (never one on its own line, never one above), host glue stays in Notebook/, training recipes in
/// Experiments/, and the Trainer alone steps an optimizer.
/// </summary>
public class ArchitectureTests
{
    private static string Library => Path.Combine(RepositoryPaths.Root, "lib", "VaeLab");

    private static readonly Lazy<LibraryCode> Code = new(() => new LibraryCode(Library));

    private static Dictionary<string, int> Ranks => LayerDiagram.Ranks(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "lib", "README.md")));

    /// <summary>What breaks the picture: each use of a layer drawn on the same line or above, one line per file and layer.</summary>
    internal static List<string> LayerViolations(LibraryCode code, IReadOnlyDictionary<string, int> ranks) =>
        code.Uses()
            .Select(u => (Use: u, Target: LibraryCode.LayerOfNamespace(u.Namespace)))
            .Where(u => u.Target is not null && u.Target != u.Use.Layer && ranks.ContainsKey(u.Use.Layer)
                && (!ranks.TryGetValue(u.Target!, out var target) || target >= ranks[u.Use.Layer]))
            .GroupBy(u => (u.Use.File, u.Target))
            .Select(g =>
            {
                var first = g.OrderBy(u => u.Use.Line).First();
                var where = ranks.TryGetValue(g.Key.Target!, out var target) ? (target == ranks[first.Use.Layer] ? "drawn on the same line" : "drawn above") : "not in the diagram";
                var symbols = string.Join(", ", g.Select(u => u.Use.Symbol).Distinct().Order(StringComparer.Ordinal).Take(3));
                return $"{g.Key.File}:{first.Use.Line}: {first.Use.Layer} uses {g.Key.Target} ({where}): {symbols}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void TheLibraryCompilesFromItsSourcesSoEveryNameBinds()
    {
        Assert.True(Code.Value.Errors.Count == 0, string.Join("\n", Code.Value.Errors.Take(20)));
        Assert.Contains("Models/ModelOutput.cs", Code.Value.Files);
    }

    [Fact]
    public void EveryFolderIsALayerOfTheDiagramAndDeclaresItsNamespace()
    {
        var ranks = Ranks;
        var folders = Code.Value.Files.Select(LibraryCode.LayerOf).Where(l => !l.EndsWith(".cs", StringComparison.Ordinal)).ToHashSet();
        Assert.Empty(folders.Except(ranks.Keys).Select(f => $"lib/VaeLab/{f}/ is not in lib/README.md's layer diagram"));
        Assert.Empty(ranks.Keys.Except(folders).Select(f => $"lib/README.md draws {f}/, which lib/VaeLab does not have"));
        Assert.Empty(Code.Value.Files.Where(f => !f.Contains('/')).Select(f => $"{f} is outside every layer folder"));
        var misplaced = Code.Value.DeclaredNamespaces()
            .Where(d => LibraryCode.LayerOfNamespace(d.Namespace) != LibraryCode.LayerOf(d.File))
            .Select(d => $"{d.File} declares namespace {d.Namespace}, outside its folder's layer");
        Assert.Empty(misplaced);
    }

    [Fact]
    public void EveryLayerUsesOnlyLayersDrawnBelowIt()
    {
        var violations = LayerViolations(Code.Value, Ranks);
        Assert.True(violations.Count == 0, $"{violations.Count} uses break lib/README.md's layer picture:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheCheckSeesEveryWayOfNamingAHigherLayer()
    {
        // A three-layer library in which each file of the bottom layer reaches the top one in a different way.
        var root = Directory.CreateTempSubdirectory("vaelab-layers-").FullName;
        try
        {
            void Write(string file, string text)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
                File.WriteAllText(Path.Combine(root, file), text);
            }
            Write("Top/Chart.cs", "namespace VaeLab.Top; public sealed class Chart { } public static class ChartExtensions { public static int Width(this string s) => s.Length; }");
            Write("Middle/Factory.cs", "namespace VaeLab.Middle; public static class Factory { public static VaeLab.Top.Chart Make() => new(); }");
            Write("Bottom/UsingLine.cs", "using VaeLab.Top; namespace VaeLab.Bottom; public static class UsingLine { public static object Make() => new Chart(); }");
            Write("Bottom/FullyQualified.cs", "namespace VaeLab.Bottom; public static class FullyQualified { public static object Make() => new VaeLab.Top.Chart(); }");
            Write("Bottom/PartlyQualified.cs", "namespace VaeLab.Bottom; public static class PartlyQualified { public static object Make() => new Top.Chart(); }");
            Write("Bottom/ImplicitType.cs", "namespace VaeLab.Bottom; public static class ImplicitType { public static object Make() { var chart = Middle.Factory.Make(); return chart; } }");
            Write("Bottom/Extension.cs", "using static VaeLab.Top.ChartExtensions; namespace VaeLab.Bottom; public static class Extension { public static int Width() => \"abc\".Width(); }");
            Write("Bottom/Comment.cs", "namespace VaeLab.Bottom;\n/// <summary>Drawn by <see cref=\"VaeLab.Top.Chart\"/>.</summary>\npublic static class Comment { }");
            var code = new LibraryCode(root);
            Assert.Empty(code.Errors);
            var violations = LayerViolations(code, new Dictionary<string, int> { ["Bottom"] = 0, ["Middle"] = 1, ["Top"] = 2 });
            foreach (var file in new[] { "UsingLine", "FullyQualified", "PartlyQualified", "ImplicitType", "Extension" })
                Assert.Contains(violations, v => v.StartsWith($"Bottom/{file}.cs:1: Bottom uses Top (drawn above)", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.StartsWith("Bottom/ImplicitType.cs:1: Bottom uses Middle (drawn above)", StringComparison.Ordinal));
            Assert.DoesNotContain(violations, v => v.StartsWith("Bottom/Comment.cs", StringComparison.Ordinal));
            Assert.Contains(violations, v => v.StartsWith("Middle/Factory.cs:1: Middle uses Top (drawn above)", StringComparison.Ordinal));
            // Drawn on one line: a use either way is a violation.
            var sameLine = LayerViolations(code, new Dictionary<string, int> { ["Bottom"] = 0, ["Middle"] = 1, ["Top"] = 1 });
            Assert.Contains(sameLine, v => v.StartsWith("Middle/Factory.cs:1: Middle uses Top (drawn on the same line)", StringComparison.Ordinal));
            Assert.Empty(LayerViolations(code, new Dictionary<string, int> { ["Bottom"] = 2, ["Middle"] = 1, ["Top"] = 0 }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TheDiagramIsReadLineByLine()
    {
        var ranks = LayerDiagram.Ranks("# lib\n\n```\nTop/ (what it is)     ← top\nLeft/ · Right/\nBase/   TorchSharp's Normal/Bernoulli\n```\n| Other/ | x |\n");
        Assert.Equal(new Dictionary<string, int> { ["Top"] = 2, ["Left"] = 1, ["Right"] = 1, ["Base"] = 0 }, ranks);
    }

    [Fact]
    public void OnlyNotebookCodeUsesTheNotebookHost()
    {
        var offenders = Code.Value.Uses()
            .Where(u => u.Layer != "Notebook" && u.Namespace.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal))
            .Select(u => $"{u.File}:{u.Line}: {u.Symbol}").Distinct();
        Assert.Empty(offenders);
    }

    [Fact]
    public void TrainingRecipesLiveInExperiments()
    {
        var recipes = Code.Value.Constructions()
            .Where(c => c.Type == "VaeLab.Training.Trainer" && LibraryCode.LayerOf(c.File) is not "Experiments" and not "Training")
            .Select(c => $"{c.File}:{c.Line} trains a model: a training recipe belongs in Experiments/").ToList();
        Assert.True(recipes.Count == 0, string.Join("\n", recipes));
    }

    [Fact]
    public void OnlyTheTrainerStepsAnOptimizerAndSubmodulesAreCalledNotForwarded()
    {
        var sources = Code.Value.Files.Select(f => (File: f, Text: File.ReadAllText(Path.Combine(Library, f)))).ToList();
        Assert.Equal(["Training/Trainer.cs"], sources.Where(s => s.Text.Contains(".step()", StringComparison.Ordinal)).Select(s => s.File));
        var forwards = sources.SelectMany(s => s.Text.Split('\n').Select((line, i) => (s.File, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(".forward(", StringComparison.Ordinal) && !l.Text.Contains("override", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}");
        Assert.Empty(forwards);
    }

    [Fact]
    public void NoLibraryCodeResetsTorchsGlobalGeneratorOutsideTheSeededScopeAndTheSession()
    {
        var offenders = Code.Value.Files.Where(f => File.ReadAllText(Path.Combine(Library, f)).Contains("manual_seed(", StringComparison.Ordinal))
            .Where(f => f is not "Common/TorchRandom.cs" and not "Notebook/Session.cs");
        Assert.Empty(offenders);
    }
}
