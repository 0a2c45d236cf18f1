using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VaeLab.Tests.Repository;

/// <summary>Checks every committed notebook against the series' conventions.</summary>
public partial class NotebookConventionTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.Notebooks, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, name)))!.AsObject();

    private static IEnumerable<JsonObject> CodeCells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code");

    private static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        var text => (string?)text ?? "",
    };

    [Fact]
    public void There_is_at_least_the_tour_notebook() =>
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Notebooks, "00-setup-and-tour.ipynb")));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Name_is_number_and_kebab_case(string name) =>
        Assert.Matches(@"^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$", name);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Committed_notebook_carries_no_outputs(string name)
    {
        foreach (var cell in CodeCells(Load(name)))
        {
            Assert.True(cell["outputs"] is JsonArray { Count: 0 }, $"{name}: a code cell has outputs; clear them before committing.");
            Assert.True(cell["execution_count"] is null, $"{name}: a code cell has an execution count; clear outputs before committing.");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void No_code_cell_ends_in_a_display_call_without_a_semicolon(string name)
    {
        // display(x) returns a DisplayedValue; as a cell's trailing expression the kernel shows that object's debug tree too.
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script);
        var offenders = new List<int>();
        var index = 0;
        foreach (var cell in CodeCells(Load(name)))
        {
            index++;
            var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Source(cell), options).GetRoot();
            var last = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().LastOrDefault();
            if (last?.Statement is Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement
                && statement.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call
                && call.Expression.ToString() is "display" or "Kernel.display")
                offenders.Add(index);
        }
        Assert.True(offenders.Count == 0,
            $"{name}: code cell(s) {string.Join(", ", offenders)} (counting code cells from 1) end in display(…) without a semicolon; add one.");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_nuget_reference_is_pinned_to_the_central_version(string name)
    {
        var pinned = CentralVersions();
        var references = CodeCells(Load(name)).SelectMany(c => NugetReference().Matches(Source(c))).ToList();
        Assert.NotEmpty(references);
        foreach (Match reference in references)
        {
            var package = reference.Groups["package"].Value;
            var version = reference.Groups["version"].Value;
            Assert.True(pinned.TryGetValue(package, out var central), $"{name}: {package} is not in Directory.Packages.props.");
            Assert.True(version == central, $"{name}: {package} {(version.Length == 0 ? "has no version" : version)}; Directory.Packages.props pins {central}.");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Opens_with_the_standard_setup_cell(string name)
    {
        var first = Source(CodeCells(Load(name)).First());
        Assert.Equal(StandardSetupCell(), first.Replace("\r\n", "\n").Trim());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Has_polyglot_metadata_and_closing_sections(string name)
    {
        var notebook = Load(name);
        Assert.Equal(".net-csharp", (string?)notebook["metadata"]?["kernelspec"]?["name"]);
        Assert.Equal("csharp", (string?)notebook["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        var markdown = string.Join("\n", notebook["cells"]!.AsArray().OfType<JsonObject>()
            .Where(c => (string?)c["cell_type"] == "markdown").Select(Source));
        Assert.StartsWith("# ", markdown.TrimStart());
        Assert.True(Regex.IsMatch(markdown, @"\*\*Question:\s*[^*]+\*\*"), $"{name}: no '**Question: …**' line under the title (the README table reads it).");
        foreach (var heading in new[] { "Summary", "Exercises", "References" })
            Assert.True(Regex.IsMatch(markdown, $@"(?m)^##\s+{heading}"), $"{name}: no '## {heading}' section.");
    }

    /// <summary>The setup cell as notebooks/README.md gives it, so the two cannot drift apart.</summary>
    private static string StandardSetupCell()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "README.md"));
        var block = Regex.Match(readme, "```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "notebooks/README.md must hold the setup cell in a ```csharp block.");
        return block.Groups["code"].Value.Trim();
    }

    private static Dictionary<string, string> CentralVersions() =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"#r\s+""nuget:\s*(?<package>[^,""\s]+)\s*(,\s*(?<version>[^""\s]*))?\s*""")]
    private static partial Regex NugetReference();
}
