using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VaeLab.Notebook;

namespace VaeLab.Tests.Packages;

/// <summary>
/// Issue 18's class of defect: a notebook host already carries an assembly the library was compiled against, in an
/// older version, so the kernel cannot load the library's code (CS1705, FileNotFoundException). The host's copy always
/// wins: a notebook's <c>#r</c> cannot replace an assembly on the host's trusted list. So for every assembly a notebook
/// loads through its setup cell — <c>VaeLab.dll</c> and the packages of the <c>#r "nuget:"</c> lines — every reference
/// to an assembly the host provides must ask for a version ≤ the host's. Checked for both hosts the README names:
/// our runner (<c>artifacts/runner</c>: its deps.json and shared framework) and the Jupyter / VS Code kernel,
/// the dotnet-interactive tool that README route 1 installs (its files restored into the NuGet cache by a
/// <c>PackageDownload</c> in this project, its shared frameworks read from this machine's .NET).
/// A mismatch is allowed only where it is listed in <see cref="Handled"/> with the mechanism that handles it, and that
/// mechanism is itself checked here.
/// </summary>
public partial class HostCompatibilityTests
{
    /// <summary>A known mismatch, the code that makes it harmless, and a check that the code does so.</summary>
    /// <param name="Assembly">The assembly whose host copy is older than a reference to it.</param>
    /// <param name="Mechanism">What handles it, in words a reader can find in the code.</param>
    /// <param name="SameMajorOnly">True when the mechanism is trusted only within a major version.</param>
    public sealed record HandledMismatch(string Assembly, string Mechanism, bool SameMajorOnly);

    /// <summary>
    /// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1; both kernels carry FSharp.Core 10.0 (their F# kernel
    /// needs it) and one load context cannot hold two. <c>Session.Start()</c> installs <see cref="FSharpCoreResolver"/>,
    /// which answers the failed bind with the FSharp.Core already loaded (the API Plotly.NET calls is in both).
    /// Trusted within one major version only: a FSharp.Core 11 reference must fail here.
    /// </summary>
    public static readonly HandledMismatch[] Handled =
    [
        new("FSharp.Core", "VaeLab.Notebook.FSharpCoreResolver, installed by Session.Start()", SameMajorOnly: true),
    ];

    /// <summary>The kernel of README route 1; the same version is pinned in scripts/check-jupyter and the README.</summary>
    public const string JupyterKernelVersion = "1.0.712001";

    /// <summary>The notebook hosts checked: our runner and the Jupyter / VS Code kernel.</summary>
    public static readonly string[] Hosts = ["runner", "jupyter-kernel"];

    public static TheoryData<string> HostNames()
    {
        var data = new TheoryData<string>();
        foreach (var host in Hosts) data.Add(host);
        return data;
    }

    [Theory]
    [MemberData(nameof(HostNames))]
    public void Every_assembly_a_notebook_loads_binds_to_what_the_host_provides(string hostName)
    {
        var host = Host(hostName);
        var problems = Check(host, LibrarySide(), out var checkedReferences);
        Assert.True(checkedReferences > 50, $"Only {checkedReferences} references were checked against {host}: the check is not reading the library.");
        Assert.True(problems.Count == 0,
            $"Host {host}:\n{string.Join("\n", problems)}\n" +
            "Pin the assembly's package in Directory.Packages.props to the host's version (central transitive pinning " +
            "then holds the library to it), or make the host carry the newer one; a mismatch that code handles goes into " +
            $"{nameof(HostCompatibilityTests)}.{nameof(Handled)} with that code and a check of it.");
    }

    /// <summary>The check is not vacuous: it finds issue 18's defect when the runner carries the older Html.Abstractions.</summary>
    [Fact]
    public void The_check_fails_for_a_host_with_an_older_Html_Abstractions()
    {
        var runner = Host("runner");
        Assert.True(runner.Provided.ContainsKey("Microsoft.AspNetCore.Html.Abstractions"));
        var older = new Dictionary<string, AssemblyVersionOf>(runner.Provided, StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.AspNetCore.Html.Abstractions"] = new("Microsoft.AspNetCore.Html.Abstractions", new Version(2, 3, 0, 0), "as at 0b08c92"),
        };
        var problems = Check(older, LibrarySide(), out _);
        Assert.Contains(problems, p => p.StartsWith("VaeLab.dll references Microsoft.AspNetCore.Html.Abstractions 2.3.13.0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_handled_FSharp_Core_mismatch_is_real_and_its_mechanism_works()
    {
        // Real: some assembly a notebook loads asks for a newer FSharp.Core than a kernel has (else drop the exception).
        var library = LibrarySide();
        var wanted = library.References.Where(r => r.Name == "FSharp.Core").MaxBy(r => r.Version)!;
        var carried = Hosts.Select(name => Host(name).Provided["FSharp.Core"]).ToList();
        Assert.True(carried.Any(c => c.Version < wanted.Version),
            $"Every kernel carries a FSharp.Core ≥ {wanted} ({string.Join(", ", carried)}): the exception is no longer needed; remove it from {nameof(Handled)}.");

        // Installed by Session.Start(): its IL calls FSharpCoreResolver.Install.
        var start = typeof(Session).GetMethod(nameof(Session.Start))!;
        Assert.Contains(CalledMethods(start), m => m.DeclaringType == typeof(FSharpCoreResolver) && m.Name == nameof(FSharpCoreResolver.Install));

        // Works: a bind to a newer FSharp.Core than the one loaded (as Plotly.NET's is in a kernel) gets the loaded one,
        // and only FSharp.Core is answered that way. The handler is called directly: the test host has resolve
        // handlers of its own that answer any name, so a load through the context would not show whose answer it was.
        var loaded = typeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly;
        var version = loaded.GetName().Version!;
        var resolve = typeof(FSharpCoreResolver).GetMethod("Resolve", BindingFlags.NonPublic | BindingFlags.Static)!;
        Assembly? Answer(string name) => (Assembly?)resolve.Invoke(null, [AssemblyLoadContext.Default, new AssemblyName(name)]);
        Assert.Same(loaded, Answer($"FSharp.Core, Version={version.Major}.{version.Minor + 1}.0.0"));
        Assert.Null(Answer("Newtonsoft.Json, Version=99.0.0.0"));
        FSharpCoreResolver.Install();
        Assert.Same(loaded, AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName($"FSharp.Core, Version={version.Major}.{version.Minor + 1}.0.0")));
    }

    [Fact]
    public void The_kernel_version_is_the_same_everywhere_it_is_named()
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "tests", "VaeLab.Tests", "VaeLab.Tests.csproj"));
        var download = props.Descendants("PackageDownload").Single(e => (string?)e.Attribute("Include") == "Microsoft.dotnet-interactive");
        Assert.Equal($"[{JupyterKernelVersion}]", (string?)download.Attribute("Version"));
        Assert.Contains($"--version {JupyterKernelVersion}", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "check-jupyter")));
        Assert.Contains($"--version {JupyterKernelVersion}", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>What a notebook's setup cell loads: VaeLab.dll and the runtime assemblies of its #r "nuget:" packages.</summary>
    public sealed record Library(IReadOnlyList<AssemblyVersionOf> Assemblies, IReadOnlyList<AssemblyVersionOf> References,
        IReadOnlyList<string> Packages);

    internal static KernelHost Host(string name) => name switch
    {
        "runner" => KernelHost.Read("runner", Path.Combine(RepositoryPaths.Root, "artifacts", "runner"), "vaelab-notebooks"),
        "jupyter-kernel" => JupyterKernel(),
        _ => throw new ArgumentException(name),
    };

    private static KernelHost JupyterKernel()
    {
        var package = Path.Combine(PackageFolder(), "microsoft.dotnet-interactive", JupyterKernelVersion);
        Assert.True(Directory.Exists(package),
            $"No {package}: the test project's PackageDownload of Microsoft.dotnet-interactive {JupyterKernelVersion} puts it there on restore.");
        var entry = Directory.GetFiles(Path.Combine(package, "tools"), "*.runtimeconfig.json", SearchOption.AllDirectories);
        Assert.True(entry.Length == 1, $"Expected one runtimeconfig.json in {package}/tools, found {entry.Length}.");
        var appName = Path.GetFileName(entry[0])[..^".runtimeconfig.json".Length];
        return KernelHost.Read("jupyter-kernel (dotnet-interactive " + JupyterKernelVersion + ")", Path.GetDirectoryName(entry[0])!, appName);
    }

    /// <summary>The NuGet package folder this repository restored into (the library's project.assets.json says).</summary>
    internal static string PackageFolder()
    {
        var assets = JsonNode.Parse(File.ReadAllText(LibraryAssets()))!;
        return assets["packageFolders"]!.AsObject().First().Key;
    }

    private static string LibraryAssets() => Path.Combine(RepositoryPaths.Root, "lib", "VaeLab", "obj", "project.assets.json");

    /// <summary>
    /// VaeLab.dll and the packages the setup cell's #r "nuget:" lines bring, at the versions the library was built with.
    /// A kernel's #r restore sees only those packages (not the library's private notebook-host packages nor the central
    /// pins), so a package it could resolve lower than the library did is reported: the check would not describe the kernel.
    /// </summary>
    internal static Library LibrarySide()
    {
        var assetsFile = LibraryAssets();
        Assert.True(File.Exists(assetsFile), $"No {assetsFile}: build the solution first.");
        var assets = JsonNode.Parse(File.ReadAllText(assetsFile))!;
        var packageFolder = assets["packageFolders"]!.AsObject().First().Key;
        // The platform-neutral target ("net10.0"); the per-platform ones (RuntimeIdentifiers) add only native assets.
        var target = assets["targets"]!.AsObject().Single(t => !t.Key.Contains('/')).Value!.AsObject();
        var resolved = target.Where(p => (string?)p.Value!["type"] == "package")
            .ToDictionary(p => p.Key.Split('/')[0], p => (Version: p.Key.Split('/')[1], Entry: p.Value!.AsObject()), StringComparer.OrdinalIgnoreCase);

        // Walk the setup cell's packages. Each dependency's range starts at a lower bound; NuGet takes the lowest version
        // that satisfies every range it meets, so the kernel gets the highest lower bound on its paths.
        var roots = SetupCellPackages();
        var lowest = new Dictionary<string, NuGetVersionText>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        foreach (var (id, version) in roots)
        {
            lowest[id] = new NuGetVersionText(version);
            queue.Enqueue(id);
        }
        while (queue.TryDequeue(out var id))
        {
            Assert.True(resolved.ContainsKey(id), $"The setup cell's package {id} is not in the library's restore ({assetsFile}).");
            foreach (var (dependency, range) in resolved[id].Entry["dependencies"]?.AsObject() ?? [])
            {
                var bound = NuGetVersionText.LowerBound((string)range!);
                if (lowest.TryGetValue(dependency, out var known) && (roots.ContainsKey(dependency) || known.CompareTo(bound) >= 0)) continue;
                lowest[dependency] = bound;
                queue.Enqueue(dependency);
            }
        }
        var drift = lowest.Where(p => new NuGetVersionText(resolved[p.Key].Version).CompareTo(p.Value) != 0)
            .Select(p => $"{p.Key}: the library was built with {resolved[p.Key].Version}, a kernel's #r restore takes {p.Value.Text}").ToList();
        Assert.True(drift.Count == 0,
            "The library and a kernel's #r \"nuget:\" restore resolve packages differently:\n" + string.Join("\n", drift) +
            "\nAdd a #r \"nuget: <package>, <version>\" line for each to the setup cell (notebooks/README.md and every notebook) " +
            "with the library's version, so both resolve alike.");

        var assemblies = new List<AssemblyVersionOf>();
        var files = new List<string> { Path.Combine(RepositoryPaths.Root, "artifacts", "lib", "VaeLab.dll") };
        foreach (var id in lowest.Keys)
        {
            var (version, entry) = resolved[id];
            foreach (var (asset, _) in entry["runtime"]?.AsObject() ?? [])
            {
                if (Path.GetFileName(asset) == "_._") continue;
                files.Add(Path.Combine(packageFolder, id.ToLowerInvariant(), version.ToLowerInvariant(), asset));
            }
        }
        var references = new List<AssemblyVersionOf>();
        foreach (var file in files)
        {
            Assert.True(File.Exists(file), $"Missing {file}.");
            if (KernelHost.Version(file) is not { } self) continue;
            assemblies.Add(self);
            references.AddRange(KernelHost.References(file));
        }
        return new Library(assemblies, references, lowest.Select(p => $"{p.Key} {p.Value.Text}").Order().ToList());
    }

    internal static List<string> Check(KernelHost host, Library library, out int checkedReferences) =>
        Check(host.Provided, library, out checkedReferences);

    /// <summary>Each reference of each library-side assembly, bound as the kernel binds it: to the host's copy where the
    /// host has one, else to the setup cell's packages. Returns what does not bind.</summary>
    internal static List<string> Check(IReadOnlyDictionary<string, AssemblyVersionOf> host, Library library, out int checkedReferences)
    {
        var problems = new List<string>();
        var fromPackages = library.Assemblies.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!, StringComparer.OrdinalIgnoreCase);
        checkedReferences = 0;
        foreach (var reference in library.References.Distinct())
        {
            checkedReferences++;
            var provider = host.TryGetValue(reference.Name, out var h) ? h : fromPackages.GetValueOrDefault(reference.Name);
            if (provider is null)
            {
                // Only the library's own references must be found: a package may reference an assembly for a feature
                // the notebooks never touch (the runtime binds lazily), which is the package's business.
                if (reference.From == "VaeLab.dll")
                    problems.Add($"VaeLab.dll references {reference.Name} {reference.Version}, which neither the host nor the setup cell's packages provide");
                continue;
            }
            if (provider.Version >= reference.Version) continue;
            var handled = Handled.FirstOrDefault(m => m.Assembly.Equals(reference.Name, StringComparison.OrdinalIgnoreCase));
            if (handled is not null && (!handled.SameMajorOnly || provider.Version.Major == reference.Version.Major)) continue;
            problems.Add($"{reference.From} references {reference.Name} {reference.Version}, the host provides {provider.Version} ({provider.From})" +
                         (handled is null ? "" : $"; {handled.Mechanism} is trusted within major version {provider.Version.Major} only"));
        }
        return problems;
    }

    /// <summary>The #r "nuget:" packages of the standard setup cell (notebooks/README.md), with their versions.</summary>
    internal static Dictionary<string, string> SetupCellPackages()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "README.md"));
        var packages = NugetLine().Matches(readme).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["version"].Value, StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(packages);
        return packages;
    }

    /// <summary>Methods a method's IL calls (call / callvirt / newobj tokens resolved in its module).</summary>
    internal static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
            var token = BitConverter.ToInt32(il, i + 1);
            MethodBase? called = null;
            try
            {
                if ((token >> 24) is 0x06 or 0x0A or 0x2B) called = method.Module.ResolveMethod(token);
            }
            catch (ArgumentException)
            {
            }
            if (called is not null) yield return called;
        }
    }

    [GeneratedRegex(@"#r\s+""nuget:\s*(?<id>[^,""\s]+)\s*,\s*(?<version>[^""\s]+)\s*""")]
    private static partial Regex NugetLine();
}

/// <summary>A NuGet version as text (1.2.3, 1.2.3.4, 1.0.0-beta.5), ordered as NuGet orders them (enough for this check).</summary>
internal sealed record NuGetVersionText(string Text) : IComparable<NuGetVersionText>
{
    /// <summary>The lower bound of a range as project.assets.json writes it: "1.2.3" (≥), "[1.2.3]", "[1.2.3, 2.0.0)".</summary>
    public static NuGetVersionText LowerBound(string range)
    {
        var low = range.Trim().TrimStart('[', '(').Split(',')[0].TrimEnd(']', ')').Trim();
        return new NuGetVersionText(low.Length == 0 ? "0.0.0" : low);
    }

    /// <summary>Whether <paramref name="version"/> lies in a range written as NuGet writes them: "1.2.3" (≥),
    /// "[1.2.3]" (exactly), "[1.0, 2.0)", "(, 2.0]" and so on.</summary>
    public static bool Satisfies(string range, NuGetVersionText version)
    {
        var text = range.Trim();
        if (text[0] is not ('[' or '(')) return version.CompareTo(new NuGetVersionText(text)) >= 0;
        var inner = text[1..^1];
        if (!inner.Contains(',')) return version.CompareTo(new NuGetVersionText(inner.Trim())) == 0;
        var parts = inner.Split(',');
        var (low, high) = (parts[0].Trim(), parts[1].Trim());
        if (low.Length > 0)
        {
            var c = version.CompareTo(new NuGetVersionText(low));
            if (c < 0 || (c == 0 && text[0] == '(')) return false;
        }
        if (high.Length > 0)
        {
            var c = version.CompareTo(new NuGetVersionText(high));
            if (c > 0 || (c == 0 && text[^1] == ')')) return false;
        }
        return true;
    }

    public int CompareTo(NuGetVersionText? other)
    {
        if (other is null) return 1;
        var (a, aPre) = Split(Text);
        var (b, bPre) = Split(other.Text);
        var c = a.CompareTo(b);
        if (c != 0) return c;
        if (aPre.Length == 0 && bPre.Length == 0) return 0;
        if (aPre.Length == 0) return 1; // a release sorts after its prereleases
        if (bPre.Length == 0) return -1;
        return string.CompareOrdinal(aPre, bPre);
    }

    private static (Version Release, string Prerelease) Split(string text)
    {
        var core = text.Split('+')[0];
        var dash = core.IndexOf('-');
        var release = dash < 0 ? core : core[..dash];
        var parts = release.Split('.').Select(int.Parse).Concat([0, 0, 0]).Take(4).ToArray();
        return (new Version(parts[0], parts[1], parts[2], parts[3]), dash < 0 ? "" : core[(dash + 1)..]);
    }
}
