using System.Text.RegularExpressions;

namespace VaeLab.Tests.Repository;

/// <summary>The library's layers import downward only, host glue stays in Notebook/, and Trainer alone steps an optimizer.</summary>
public partial class ArchitectureTests
{
    /// <summary>Data → Distributions/Models → Objectives → Training → Evaluation/Plotting/Inference → Notebook/Exercises/Apps.</summary>
    private static readonly Dictionary<string, int> Rank = new()
    {
        ["Native"] = 0, ["Common"] = 0, ["Numerics"] = 0,
        ["Graphical"] = 1, ["Data"] = 1,
        ["Distributions"] = 2,
        ["Models"] = 3,
        ["Objectives"] = 4,
        ["Training"] = 5,
        ["Evaluation"] = 6, ["Plotting"] = 6, ["Inference"] = 6,
        ["Notebook"] = 7, ["Exercises"] = 7, ["Apps"] = 7,
    };

    private static string Library => Path.Combine(RepositoryPaths.Root, "lib", "VaeLab");

    private static IEnumerable<(string Layer, string File, string Text)> Sources() =>
        Directory.GetFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(Library, f).Split(Path.DirectorySeparatorChar)[0], Path.GetRelativePath(Library, f), File.ReadAllText(f)));

    [GeneratedRegex(@"\bVaeLab\.(\w+)")]
    private static partial Regex Reference();

    [Fact]
    public void EveryFolderIsALayerAndImportsOnlyFromLayersBelowOrBeside()
    {
        var violations = new List<string>();
        foreach (var (layer, file, text) in Sources())
        {
            if (!Rank.TryGetValue(layer, out var rank)) { violations.Add($"{file}: folder '{layer}' is not a known layer"); continue; }
            foreach (var target in Reference().Matches(text).Select(m => m.Groups[1].Value).Distinct())
                if (Rank.TryGetValue(target, out var targetRank) && targetRank > rank)
                    violations.Add($"{file} ({layer}) uses VaeLab.{target}, a higher layer");
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void OnlyNotebookCodeUsesTheNotebookHost()
    {
        var offenders = Sources().Where(s => s.Layer != "Notebook" && s.Text.Contains("Microsoft.DotNet.Interactive", StringComparison.Ordinal)).Select(s => s.File);
        Assert.Empty(offenders);
    }

    [Fact]
    public void OnlyTheTrainerStepsAnOptimizerAndSubmodulesAreCalledNotForwarded()
    {
        Assert.Equal(["Training/Trainer.cs"], Sources().Where(s => s.Text.Contains(".step()", StringComparison.Ordinal)).Select(s => s.File.Replace('\\', '/')));
        var forwards = Sources().SelectMany(s => s.Text.Split('\n').Select((line, i) => (s.File, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(".forward(", StringComparison.Ordinal) && !l.Text.Contains("override", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}");
        Assert.Empty(forwards);
    }

    [Fact]
    public void NoLibraryCodeResetsTorchsGlobalGeneratorOutsideTheSeededScopeAndTheSession()
    {
        var offenders = Sources().Where(s => s.Text.Contains("manual_seed(", StringComparison.Ordinal))
            .Select(s => s.File.Replace('\\', '/'))
            .Where(f => f is not "Common/TorchRandom.cs" and not "Notebook/Session.cs");
        Assert.Empty(offenders);
    }
}
