using System.Diagnostics;

namespace VaeLab.Cli;

/// <summary>
/// Which malloc libtorch uses. `vaelab bench` measured jemalloc (Debian's libjemalloc2) as both the fastest and the
/// leanest here: glibc's allocator keeps freed tensor buffers resident (peak RSS about twice jemalloc's) unless its
/// mmap threshold is fixed, which then costs 30–80 % more time per epoch. An allocator can only be chosen before the
/// process starts, so `train` and `evaluate` restart themselves once with LD_PRELOAD set when jemalloc is installed.
/// VAELAB_ALLOCATOR=glibc opts out.
/// </summary>
internal static class Allocator
{
    public const string Variable = "VAELAB_ALLOCATOR";

    /// <summary>Allocator name → library preloaded for it (Debian's paths); glibc needs none.</summary>
    public static readonly IReadOnlyDictionary<string, string> Libraries = new Dictionary<string, string>
    {
        ["glibc"] = "",
        ["jemalloc"] = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
        ["tcmalloc"] = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
    };

    /// <summary>The allocator this process runs with, judged from LD_PRELOAD.</summary>
    public static string Current
    {
        get
        {
            var preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
            return Libraries.FirstOrDefault(a => a.Value.Length > 0 && preload.Contains(a.Value, StringComparison.Ordinal)).Key ?? "glibc";
        }
    }

    /// <summary>Restarts this command under jemalloc when that is wanted and possible; returns its exit code, or null to carry on here.</summary>
    public static int? RelaunchIfWanted(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("train" or "evaluate")) return null;
        var wanted = Environment.GetEnvironmentVariable(Variable) ?? "jemalloc";
        if (!Libraries.TryGetValue(wanted, out var library) || library.Length == 0 || Current == wanted || !File.Exists(library)) return null;
        if (!OperatingSystem.IsLinux()) return null;

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(Allocator).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        var preload = Environment.GetEnvironmentVariable("LD_PRELOAD");
        start.Environment["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? library : $"{library}:{preload}";
        start.Environment[Variable] = wanted;
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}
