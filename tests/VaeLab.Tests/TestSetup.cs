using System.Runtime.CompilerServices;
using VaeLab.Native;

// Tests share torch's global random generator and thread setting; running them one at a time keeps every seeded
// test deterministic. (The slow ones, the notebooks, run in child processes anyway.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace VaeLab.Tests;

/// <summary>Prepares TorchSharp's native libraries once, before any test touches a tensor (as the CLI and the
/// notebooks' Session.Start do). Without it every tensor test fails on Debian 12.</summary>
internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        TorchNative.Prepare();
        TorchSharp.torch.set_num_threads(1);
    }
}

/// <summary>Paths inside the repository, found from the test binary.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();
    public static string Notebooks => Path.Combine(Root, "notebooks");
    public static string RunnerDll => Path.Combine(Root, "artifacts", "runner", "vaelab-notebooks.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VaeLab.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Tests must run inside the repository (no VaeLab.sln found above the test binary).");
    }
}
