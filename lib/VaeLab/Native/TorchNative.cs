using System.Runtime.InteropServices;

namespace VaeLab.Native;

/// <summary>What <see cref="TorchNative.Prepare"/> found and did.</summary>
public sealed record TorchNativeReport(
    string LibTorchSharpPath,
    string LibTorchDirectory,
    string? SystemLibStdCxx,
    bool SystemHasRequiredGlibcxx,
    bool Patched,
    IReadOnlyList<string> Preloaded);

/// <summary>
/// Makes TorchSharp 0.107.0's native libraries load on any Linux with glibc, and from the right place.
/// <para>
/// Two problems, both solved before TorchSharp is first touched:
/// (1) <c>libLibTorchSharp.so</c> declares a need for <c>GLIBCXX_3.4.32</c> for a single symbol,
/// <c>std::ios_base_library_init</c>, which it never calls. Debian 12 and Ubuntu 22.04 ship libstdc++ up to 3.4.30,
/// so the loader refuses the library. Marking that need weak (VER_FLG_WEAK) tells the loader to carry on; we do this
/// only where the system lacks the version, and only for that one version, and the edit is idempotent.
/// (2) TorchSharp first loads <c>torch_cpu</c> by bare name, so a libtorch in the system path (Debian's
/// python3-torch ships 1.13) wins over the package's own 2.10. Loading the package's libraries by full path first
/// makes later by-name loads resolve, by SONAME, to the libraries already in the process.
/// </para>
/// </summary>
public static class TorchNative
{
    /// <summary>The one version need it is known to be safe to weaken: its only symbol is never called.</summary>
    public const string KnownUnusedGlibcxx = "GLIBCXX_3.4.32";

    private static readonly string[] PreloadOrder = ["libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly object Gate = new();
    private static TorchNativeReport? report;

    /// <summary>Set <c>VAELAB_NATIVE_FIX=off</c> to skip the fix (to see the original failure).</summary>
    public static bool Disabled =>
        string.Equals(Environment.GetEnvironmentVariable("VAELAB_NATIVE_FIX"), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Patches (where needed) and preloads the native libraries of the TorchSharp package this process uses, after
    /// asking MKL for run-to-run reproducible arithmetic (<see cref="NumericalReproducibility"/>) and capping oneDNN at
    /// AVX2 (<see cref="OneDnnInstructionSet"/>).
    /// Safe to call many times and from several threads; only the first call does work.
    /// </summary>
    public static TorchNativeReport? Prepare()
    {
        // Before any library is loaded, so MKL's first call already sees it (see NumericalReproducibility).
        NumericalReproducibility.Ensure();
        // Before the first convolution, so oneDNN never picks its AVX-512 kernel that reads unwritten memory.
        OneDnnInstructionSet.Ensure();
        if (!OperatingSystem.IsLinux() || Disabled) return null;
        lock (Gate)
        {
            return report ??= PrepareOnce();
        }
    }

    private static TorchNativeReport PrepareOnce()
    {
        var (libTorchSharp, libTorchDir) = Locate();
        var libStdCxx = FindLibStdCxx();
        var hasVersion = libStdCxx is null || ElfVersionNeeds.ReadDefinitions(libStdCxx).Contains(KnownUnusedGlibcxx);

        var patched = false;
        if (!hasVersion) patched = WeakenUnusedNeed(libTorchSharp);
        ThrowIfOtherNeedsMissing(libTorchSharp, libStdCxx);

        var loaded = new List<string>();
        foreach (var name in PreloadOrder)
        {
            var path = Path.Combine(libTorchDir, name);
            if (!File.Exists(path)) continue;
            LoadOrExplain(path);
            loaded.Add(path);
        }
        LoadOrExplain(libTorchSharp);
        loaded.Add(libTorchSharp);
        return new TorchNativeReport(libTorchSharp, libTorchDir, libStdCxx, hasVersion, patched, loaded);
    }

    /// <summary>Marks the unused GLIBCXX need weak in <paramref name="libTorchSharp"/>; false if it already was.</summary>
    public static bool WeakenUnusedNeed(string libTorchSharp)
    {
        var need = ElfVersionNeeds.ReadNeeds(libTorchSharp).FirstOrDefault(n => n.Version == KnownUnusedGlibcxx);
        if (need is null || need.IsWeak) return false;
        try
        {
            return ElfVersionNeeds.SetWeak(libTorchSharp, KnownUnusedGlibcxx);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidOperationException(
                $"TorchSharp's native wrapper {libTorchSharp} needs {KnownUnusedGlibcxx}, which this system's libstdc++ " +
                "lacks, and the file is not writable, so it cannot be fixed in place. Make the NuGet cache writable " +
                "for this user (or set NUGET_PACKAGES to a writable folder and restore again).", e);
        }
    }

    /// <summary>
    /// Finds libLibTorchSharp.so and the folder of libtorch_cpu.so: beside TorchSharp.dll in an app's output
    /// (<c>bin/</c> or <c>bin/runtimes/linux-x64/native</c>), or in the NuGet cache when a notebook kernel loaded
    /// TorchSharp from there.
    /// </summary>
    public static (string LibTorchSharp, string LibTorchDirectory) Locate()
    {
        var torchSharpDll = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == "TorchSharp")?.Location;
        torchSharpDll ??= typeof(TorchSharp.torch).Assembly.Location; // does not run torch's static constructor
        var managedDir = Path.GetDirectoryName(torchSharpDll)!;

        string[] appDirs = [managedDir, Path.Combine(managedDir, "runtimes", "linux-x64", "native")];
        foreach (var dir in appDirs)
        {
            var wrapper = Path.Combine(dir, "libLibTorchSharp.so");
            if (File.Exists(wrapper) && File.Exists(Path.Combine(dir, "libtorch_cpu.so"))) return (wrapper, dir);
        }

        // NuGet cache layout: <packages>/torchsharp/<version>/lib/net8.0/TorchSharp.dll
        var packageRoot = Path.GetFullPath(Path.Combine(managedDir, "..", ".."));
        var packagesDir = Path.GetFullPath(Path.Combine(packageRoot, "..", ".."));
        var inCache = Path.Combine(packageRoot, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var libtorchPackage = Path.Combine(packagesDir, "libtorch-cpu-linux-x64");
        if (File.Exists(inCache) && Directory.Exists(libtorchPackage))
        {
            var nativeDir = Directory.GetDirectories(libtorchPackage)
                .Select(v => Path.Combine(v, "runtimes", "linux-x64", "native"))
                .Where(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (nativeDir is not null) return (inCache, nativeDir);
        }

        throw new FileNotFoundException(
            $"Could not find libLibTorchSharp.so and libtorch_cpu.so for TorchSharp at {torchSharpDll}. " +
            "Reference the TorchSharp-cpu package (in a notebook: #r \"nuget: TorchSharp-cpu, 0.107.0\") and restore again.");
    }

    /// <summary>The libstdc++ this process uses (the .NET runtime itself links it), or the system's default one.</summary>
    public static string? FindLibStdCxx()
    {
        try
        {
            var mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length >= 6 && Path.GetFileName(parts[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
                .Select(parts => parts[5])
                .FirstOrDefault();
            if (mapped is not null) return mapped;
        }
        catch (IOException)
        {
            // No /proc: fall back to the usual places.
        }
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static void ThrowIfOtherNeedsMissing(string libTorchSharp, string? libStdCxx)
    {
        if (libStdCxx is null) return;
        var provided = ElfVersionNeeds.ReadDefinitions(libStdCxx);
        var missing = ElfVersionNeeds.ReadNeeds(libTorchSharp)
            .Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !provided.Contains(n.Version))
            .Select(n => n.Version)
            .ToList();
        if (missing.Count > 0)
            throw new PlatformNotSupportedException(
                $"{libTorchSharp} needs {string.Join(", ", missing)} from libstdc++, which {libStdCxx} does not provide, " +
                "and only " + KnownUnusedGlibcxx + " is known to be safe to skip. Install a newer libstdc++6.");
    }

    private static void LoadOrExplain(string path)
    {
        try
        {
            NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                $"Could not load {path}: {e.Message} See the Troubleshooting section of the README.", e);
        }
    }
}
