using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VaeLab.Tests.Repository;

/// <summary>One use, in a library file, of a symbol (a type, member or namespace) that lives in a namespace.</summary>
/// <param name="File">The file, relative to lib/VaeLab, with forward slashes.</param>
/// <param name="Layer">The file's layer: its top folder under lib/VaeLab.</param>
/// <param name="Namespace">The namespace the used symbol is declared in (for a namespace, itself).</param>
/// <param name="Symbol">The symbol as written in a message.</param>
internal sealed record SymbolUse(string File, int Line, string Layer, string Namespace, string Symbol, SyntaxNode Node);

/// <summary>
/// The library (lib/VaeLab) compiled from its sources with Roslyn, so architecture rules ask the compiler which symbol
/// each name in the code binds to — a <c>using</c> line, a qualified or partly qualified name (<c>Evaluation.X</c> inside
/// <c>VaeLab.Inference</c>), an extension method, or the type a <c>var</c> stands for — instead of reading text.
/// </summary>
internal sealed class LibraryCode
{
    /// <summary>Roslyn errors that only mean a source generator did not run here (the generated regexes' bodies).</summary>
    private static readonly ImmutableHashSet<string> GeneratorOnlyErrors = ["CS8795"];

    // Microsoft.NET.Sdk's implicit usings (ImplicitUsings=enable in Directory.Build.props).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private readonly CSharpCompilation compilation;
    private readonly Dictionary<SyntaxTree, string> files = [];

    public LibraryCode(string libraryDirectory)
    {
        Directory = libraryDirectory;
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs") };
        foreach (var path in System.IO.Directory.GetFiles(libraryDirectory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(libraryDirectory, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), parse, path: relative);
            trees.Add(tree);
            files[tree] = relative;
        }
        compilation = CSharpCompilation.Create("VaeLab", trees, References(), new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        Errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !GeneratorOnlyErrors.Contains(d.Id))
            .Select(d => d.ToString()).ToList();
    }

    public string Directory { get; }

    /// <summary>Compiler errors: if there are any, names may not have bound and the rules below would see too little.</summary>
    public IReadOnlyList<string> Errors { get; }

    public IEnumerable<string> Files => files.Values;

    /// <summary>The layer of a file: its top folder ("Models" for Models/Graph/GraphConvolution.cs).</summary>
    public static string LayerOf(string file) => file.Split('/')[0];

    /// <summary>The layer a namespace belongs to: the segment after <c>VaeLab.</c>, or null outside the library's layers.</summary>
    public static string? LayerOfNamespace(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "VaeLab" ? parts[1] : null;
    }

    /// <summary>The namespace each file declares (file-scoped or block), by file.</summary>
    public IEnumerable<(string File, string Namespace)> DeclaredNamespaces() =>
        files.SelectMany(f => f.Key.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>()
            .Select(n => (File: f.Value, Namespace: n.Name.ToString())));

    /// <summary>Every name in the code (not in comments or documentation) bound to a symbol declared in a namespace.</summary>
    public IEnumerable<SymbolUse> Uses()
    {
        foreach (var (tree, file) in files)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            var declaredNames = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Name.DescendantNodesAndSelf()).ToHashSet();
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (declaredNames.Contains(name)) continue;
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                var ns = NamespaceOf(symbol);
                if (ns is null) continue;
                yield return new SymbolUse(file, name.GetLocation().GetLineSpan().StartLinePosition.Line + 1, LayerOf(file), ns,
                    symbol!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), name);
            }
        }
    }

    /// <summary>Each <c>new T(…)</c> (explicit or target-typed) with the constructed type's full name.</summary>
    public IEnumerable<(string File, int Line, string Type)> Constructions()
    {
        foreach (var (tree, file) in files)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var creation in tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
                if (model.GetTypeInfo(creation).Type is INamedTypeSymbol type)
                    yield return (file, creation.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
                        type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "", StringComparison.Ordinal));
        }
    }

    private static string? NamespaceOf(ISymbol? symbol) => symbol switch
    {
        null or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol or ITypeParameterSymbol or IDiscardSymbol => null,
        INamespaceSymbol { IsGlobalNamespace: true } => null,
        INamespaceSymbol ns => ns.ToDisplayString(),
        IMethodSymbol { ReducedFrom: { } extension } => NamespaceOf(extension.ContainingType),
        IArrayTypeSymbol array => NamespaceOf(array.ElementType),
        IPointerTypeSymbol pointer => NamespaceOf(pointer.PointedAtType),
        _ when symbol.ContainingNamespace is { IsGlobalNamespace: false } ns => ns.ToDisplayString(),
        _ => null,
    };

    /// <summary>The platform's assemblies and every assembly beside the test binary except the library itself.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = System.IO.Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "VaeLab", "VaeLab.Tests" };
        foreach (var path in platform.Concat(beside))
            if (seen.Add(Path.GetFileNameWithoutExtension(path)) && IsManaged(path))
                yield return MetadataReference.CreateFromFile(path);
    }

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }
}

/// <summary>The layer picture at the top of lib/README.md: one line per rank, the top line highest.</summary>
internal static partial class LayerDiagram
{
    /// <summary>A layer is a folder name followed by a slash and a space (so "Normal/Bernoulli" is not one).</summary>
    [GeneratedRegex(@"(?<![\w/])([A-Z]\w+)/(?=\s|$)")]
    private static partial Regex Layer();

    /// <summary>The rank of each layer in the first code block of <paramref name="readme"/>: 0 for the bottom line.</summary>
    public static Dictionary<string, int> Ranks(string readme)
    {
        var match = Regex.Match(readme, "```\\n(.*?)```", RegexOptions.Singleline);
        if (!match.Success) throw new InvalidOperationException("lib/README.md has no layer diagram (a ``` block).");
        var lines = match.Groups[1].Value.Split('\n').Select(l => Layer().Matches(l).Select(m => m.Groups[1].Value).ToList()).Where(l => l.Count > 0).ToList();
        var ranks = new Dictionary<string, int>();
        for (var i = 0; i < lines.Count; i++)
            foreach (var layer in lines[i])
                if (!ranks.TryAdd(layer, lines.Count - 1 - i)) throw new InvalidOperationException($"lib/README.md draws {layer}/ twice.");
        return ranks;
    }
}
