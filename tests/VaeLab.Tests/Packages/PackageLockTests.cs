using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VaeLab.Tests.Packages;

/// <summary>
/// Restores are reproducible (issue 18): every project and every generated app has a committed NuGet lock file, the
/// lock files cover every platform the series supports, and no version is taken that nobody asked for without being
/// named, with the reason, where the pin is declared (what NuGet's NU1603 would say, and does not always say).
/// </summary>
public partial class PackageLockTests
{
    /// <summary>The platforms each lock file covers, so a restore on Windows or macOS checks the same file.</summary>
    public static readonly string[] Platforms = ["linux-x64", "osx-arm64", "win-x64"];

    public static TheoryData<string> LockFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in LockFilePaths()) data.Add(file);
        return data;
    }

    /// <summary>The lock file of each project and each app, relative to the repository.</summary>
    internal static List<string> LockFilePaths() =>
        Projects().Select(p => Path.Combine(Path.GetDirectoryName(p)!, "packages.lock.json")).Concat(AppLockFiles())
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file)).ToList();

    [Fact]
    public void Every_project_and_every_app_has_a_committed_lock_file()
    {
        var committed = Git("ls-files").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var expected = LockFilePaths().Select(file => file.Replace('\\', '/')).ToList();
        Assert.Equal(Projects().Count + Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "apps"), "*.cs").Length, expected.Count);
        foreach (var file in expected)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, file)), $"{file} is missing: run bash scripts/lock-packages.");
            Assert.True(committed.Contains(file), $"{file} is not committed: git add it.");
        }
        // A lock file whose app is gone locks nothing and harms nothing; scripts/lock-packages removes it. (Not a
        // failure here: a lock file may arrive in a merge before or after its app.)
    }

    [Theory]
    [MemberData(nameof(LockFiles))]
    public void A_lock_file_covers_every_platform(string lockFile)
    {
        var targets = Lock(lockFile)["dependencies"]!.AsObject().Select(t => t.Key).ToList();
        var framework = Assert.Single(targets, t => !t.Contains('/'));
        var platforms = targets.Where(t => t.Contains('/')).Select(t => t.Split('/')[1]).Order().ToList();
        Assert.True(platforms.SequenceEqual(Platforms),
            $"{lockFile} covers {framework} on [{string.Join(", ", platforms)}], not [{string.Join(", ", Platforms)}] (RuntimeIdentifiers in Directory.Build.props).");
    }

    /// <summary>
    /// Where a package is resolved to a version higher than anything in its graph asks for, either the feed did not serve
    /// the version asked for and NuGet took the next one (NU1603), or a central pin lifted it on purpose (central
    /// transitive pinning). Both are allowed only as a pin in Directory.Packages.props at the version resolved, preceded
    /// by a comment that names the version asked for (and says why: "not served", or the reason for the upgrade), so the
    /// substitution is visible, reviewed, and the same on a feed that does serve the lower version. A resolved version
    /// outside a range that asks for it (NU1608) is not allowed at all.
    /// </summary>
    [Theory]
    [MemberData(nameof(LockFiles))]
    public void No_version_is_taken_above_what_is_asked_unless_its_pin_says_why(string lockFile)
    {
        var pins = CentralPins();
        var problems = new List<string>();
        foreach (var (target, packages) in Lock(lockFile)["dependencies"]!.AsObject())
        {
            // What the package graph asks for each id, and what the project itself asks for (its direct references).
            var asks = new Dictionary<string, List<(string By, string Range)>>(StringComparer.OrdinalIgnoreCase);
            var direct = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, entry) in packages!.AsObject())
            {
                foreach (var (dependency, range) in entry!["dependencies"]?.AsObject() ?? [])
                    if (asks.GetValueOrDefault(dependency) is { } list) list.Add((id, (string)range!));
                    else asks[dependency] = [(id, (string)range!)];
                if ((string?)entry["type"] == "Direct" && (string?)entry["requested"] is { } requested) direct[id] = requested;
            }
            foreach (var (id, entry) in packages.AsObject())
            {
                if ((string?)entry!["resolved"] is not { } resolvedText) continue;
                var resolved = new NuGetVersionText(resolvedText);
                var asked = asks.GetValueOrDefault(id) ?? [];
                foreach (var (by, range) in asked.Where(a => !NuGetVersionText.Satisfies(a.Range, resolved)))
                    problems.Add($"{target}: {id} {resolvedText} is outside the range {range} that {by} asks for (NU1608): pin a version inside it.");
                if (direct.TryGetValue(id, out var own))
                {
                    // A direct reference takes its central version exactly, unless the feed does not serve it.
                    if (resolved.CompareTo(NuGetVersionText.LowerBound(own)) > 0)
                        problems.Add($"{target}: {id} is referenced at {own} but resolved to {resolvedText}: the feed does not serve " +
                                     $"{NuGetVersionText.LowerBound(own).Text} (NU1603). Pin {resolvedText} in Directory.Packages.props and say so in a comment.");
                    continue;
                }
                if (asked.Count == 0) continue;
                var highestAsked = asked.Select(a => NuGetVersionText.LowerBound(a.Range)).Max()!;
                if (resolved.CompareTo(highestAsked) <= 0) continue;
                var askers = string.Join(", ", asked.Select(a => $"{a.By} asks for {a.Range}"));
                if (!pins.TryGetValue(id, out var pin))
                    problems.Add($"{target}: {id} resolved to {resolvedText}, higher than anything asks for ({askers}): the feed did not serve " +
                                 $"{highestAsked.Text} (NU1603). Pin {id} {resolvedText} in Directory.Packages.props, with a comment before it naming what asked for which version.");
                else if (pin.Version != resolvedText)
                    problems.Add($"{target}: {id} resolved to {resolvedText}, but Directory.Packages.props pins {pin.Version}.");
                else if (!asked.Any(a => pin.Comment.Contains(NuGetVersionText.LowerBound(a.Range).Text, StringComparison.Ordinal)))
                    problems.Add($"{target}: {id} is pinned to {resolvedText}, above what the packages ask for ({askers}); the comment before its " +
                                 "pin in Directory.Packages.props must name the version asked for and why it is not taken (not served, or the reason for the upgrade).");
            }
        }
        Assert.True(problems.Count == 0, $"{lockFile}:\n{string.Join("\n", problems.Distinct())}");
    }

    [Fact]
    public void No_restore_warning_is_silenced_for_every_package()
    {
        var properties = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        foreach (var name in new[] { "NoWarn", "WarningsNotAsErrors" })
            foreach (var element in properties.Descendants(name))
                Assert.False(Regex.IsMatch(element.Value, @"NU1\d{3}"),
                    $"Directory.Build.props silences {element.Value} for every package; name the package and the reason where its pin is declared instead.");
        Assert.Equal("true", properties.Descendants("RestorePackagesWithLockFile").Single().Value);
        Assert.Equal("true", properties.Descendants("RestoreLockedMode").Single().Value);
    }

    [Fact]
    public void The_scripts_restore_in_locked_mode()
    {
        var restore = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "restore"));
        Assert.Contains("dotnet restore VaeLab.sln --locked-mode", restore);
        foreach (var script in new[] { "run-series", "test", "check-jupyter", "reading-edition" })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", script));
            Assert.True(text.Contains("bash scripts/restore", StringComparison.Ordinal), $"scripts/{script} does not restore through scripts/restore.");
            foreach (Match build in Regex.Matches(text, @"dotnet build[^\n]*"))
                Assert.True(build.Value.Contains("--no-restore", StringComparison.Ordinal), $"scripts/{script}: '{build.Value}' would restore again.");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    internal sealed record Pin(string Version, string Comment);

    /// <summary>Directory.Packages.props: each PackageVersion with the XML comment right before it (or "").</summary>
    internal static Dictionary<string, Pin> CentralPins()
    {
        var document = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        var pins = new Dictionary<string, Pin>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in document.Descendants("PackageVersion"))
        {
            var comment = element.NodesBeforeSelf().LastOrDefault(n => n is not XText) as XComment;
            pins[(string)element.Attribute("Include")!] = new Pin((string)element.Attribute("Version")!, comment?.Value ?? "");
        }
        return pins;
    }

    internal static IReadOnlyList<string> Projects() =>
        ProjectLine().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "VaeLab.sln")))
            .Select(m => Path.Combine(RepositoryPaths.Root, m.Groups["path"].Value.Replace('\\', '/'))).Order().ToList();

    private static IEnumerable<string> AppLockFiles() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "apps"), "*.cs").Order()
            .Select(app => Path.Combine(Path.GetDirectoryName(app)!, $"packages.{Path.GetFileNameWithoutExtension(app)}.lock.json"));

    internal static JsonNode Lock(string relative) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative)))!;

    private static string Git(string arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = RepositoryPaths.Root };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [GeneratedRegex(@"Project\(""\{[^}]+\}""\)\s*=\s*""[^""]+"",\s*""(?<path>[^""]+\.csproj)""")]
    private static partial Regex ProjectLine();
}
