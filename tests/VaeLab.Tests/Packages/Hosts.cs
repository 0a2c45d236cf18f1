using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace VaeLab.Tests.Packages;

/// <summary>An assembly as a host provides it or as code references it: simple name and assembly version.</summary>
public sealed record AssemblyVersionOf(string Name, Version Version, string From)
{
    public override string ToString() => $"{Name} {Version} ({From})";
}

/// <summary>
/// A notebook host as the runtime sees it: the assemblies on its trusted platform list (its deps.json, read with the
/// files beside it) and the shared frameworks its runtimeconfig.json resolves to on this machine. An assembly the host
/// provides is always bound to the host's copy: a notebook's <c>#r</c> cannot replace it, only add what is missing.
/// </summary>
public sealed class KernelHost
{
    private KernelHost(string name, string folder, IReadOnlyDictionary<string, AssemblyVersionOf> provided, IReadOnlyList<string> frameworks)
    {
        Name = name;
        Folder = folder;
        Provided = provided;
        Frameworks = frameworks;
    }

    public string Name { get; }
    public string Folder { get; }
    public IReadOnlyDictionary<string, AssemblyVersionOf> Provided { get; }

    /// <summary>The shared frameworks the host runs on here, e.g. "Microsoft.AspNetCore.App 10.0.12".</summary>
    public IReadOnlyList<string> Frameworks { get; }

    /// <summary>Reads the app in <paramref name="folder"/> whose entry is <paramref name="appName"/> (…deps.json, …runtimeconfig.json).</summary>
    public static KernelHost Read(string name, string folder, string appName)
    {
        var deps = Path.Combine(folder, appName + ".deps.json");
        var runtimeConfig = Path.Combine(folder, appName + ".runtimeconfig.json");
        Assert.True(File.Exists(deps), $"{name}: no {deps}.");
        Assert.True(File.Exists(runtimeConfig), $"{name}: no {runtimeConfig}.");

        var provided = new Dictionary<string, AssemblyVersionOf>(StringComparer.OrdinalIgnoreCase);
        var frameworks = new List<string>();
        foreach (var (framework, version, directory) in SharedFrameworks(runtimeConfig))
        {
            frameworks.Add($"{framework} {version}");
            foreach (var file in Directory.GetFiles(directory, "*.dll"))
                if (Version(file) is { } v) provided[v.Name] = v with { From = $"{framework} {version}" };
        }
        // The app's own assemblies come after the frameworks: where both have one, the host resolves the higher
        // version (the runtime's rule for an app and its framework); where the app's is lower the framework's wins.
        // The target the runtime reads is the one runtimeTarget names: a build for one platform writes an empty
        // platform-neutral target first and the real one (".NETCoreApp,Version=v10.0/linux-x64") after it.
        var depsJson = JsonNode.Parse(File.ReadAllText(deps))!;
        var runtimeTarget = (string?)depsJson["runtimeTarget"]?["name"];
        var allTargets = depsJson["targets"]!.AsObject();
        var targets = (runtimeTarget is not null && allTargets[runtimeTarget] is JsonObject named ? named : allTargets.First().Value!).AsObject();
        foreach (var (library, entry) in targets)
        {
            foreach (var (asset, _) in entry!["runtime"]?.AsObject() ?? [])
            {
                var file = Path.Combine(folder, Path.GetFileName(asset));
                if (!File.Exists(file) || Version(file) is not { } v) continue;
                if (!provided.TryGetValue(v.Name, out var existing) || existing.Version < v.Version)
                    provided[v.Name] = v with { From = $"{library} in {Path.GetFileName(deps)}" };
            }
        }
        return new KernelHost(name, folder, provided, frameworks);
    }

    /// <summary>The installed shared frameworks a runtimeconfig.json selects, with the runtime's roll-forward rules
    /// (default Minor: the lowest installed major.minor at or above the one asked for, latest patch; Major: the same,
    /// else the lowest higher major; LatestMinor / LatestMajor: the highest within the major / overall).</summary>
    public static IEnumerable<(string Name, string Version, string Directory)> SharedFrameworks(string runtimeConfig)
    {
        var options = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!;
        var rollForward = (string?)options["rollForward"] ?? "Minor";
        var references = options["frameworks"]?.AsArray().Select(f => f!) ?? (options["framework"] is { } single ? [single] : []);
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        foreach (var reference in references)
        {
            var name = (string)reference["name"]!;
            var wanted = System.Version.Parse((string)reference["version"]!);
            var installed = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared", name))
                .Select(d => (Directory: d, Version: System.Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
                .Where(d => d.Version is not null && d.Version >= wanted).Select(d => (d.Directory, Version: d.Version!))
                .OrderBy(d => d.Version).ToList();
            var sameMajor = installed.Where(d => d.Version.Major == wanted.Major).ToList();
            var lowestMinor = sameMajor.Count == 0 ? null : sameMajor.Where(d => d.Version.Minor == sameMajor[0].Version.Minor).Select(d => ((string, Version)?)d).LastOrDefault();
            (string Directory, Version Version)? chosen = rollForward switch
            {
                "LatestMajor" => installed.Count == 0 ? null : installed[^1],
                "LatestMinor" => sameMajor.Count == 0 ? null : sameMajor[^1],
                "Major" => lowestMinor ?? (installed.Count == 0 ? null : installed.Where(d => d.Version.Major == installed[0].Version.Major).Last()),
                "Disable" => installed.FirstOrDefault(d => d.Version == wanted) is { Directory: not null } exact ? exact : null,
                _ => lowestMinor,
            };
            Assert.True(chosen is not null,
                $"{runtimeConfig} asks for {name} {wanted} (rollForward {rollForward}); none installed under {dotnetRoot}/shared/{name} fits.");
            yield return (name, Path.GetFileName(chosen.Value.Directory), chosen.Value.Directory);
        }
    }

    /// <summary>The assembly name and version of a managed file, or null for a native one.</summary>
    public static AssemblyVersionOf? Version(string file)
    {
        try
        {
            var name = AssemblyName.GetAssemblyName(file);
            return new AssemblyVersionOf(name.Name!, name.Version ?? new Version(0, 0, 0, 0), Path.GetFileName(file));
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>The assemblies <paramref name="file"/> was compiled against (its AssemblyRef table).</summary>
    public static IReadOnlyList<AssemblyVersionOf> References(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Select(r => new AssemblyVersionOf(metadata.GetString(r.Name), r.Version, Path.GetFileName(file)))
            .ToList();
    }

    public override string ToString() => $"{Name} ({Folder}; {string.Join(", ", Frameworks)})";
}
