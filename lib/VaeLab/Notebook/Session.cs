using System.Runtime.InteropServices;
using TorchSharp;
using VaeLab.Common;
using VaeLab.Native;

namespace VaeLab.Notebook;

/// <summary>
/// Everything a notebook needs before its first tensor, in one call from the setup cell:
/// native libraries, the FSharp.Core resolution Plotly.NET needs, display formatters, seed, threads and run mode.
/// </summary>
public sealed class Session
{
    private Session(int seed, int threads, bool quick, TorchNativeReport? native)
    {
        Seed = seed;
        Threads = threads;
        Quick = quick;
        Native = native;
    }

    public int Seed { get; }
    public int Threads { get; }
    public bool Quick { get; }
    public string Mode => Quick ? "quick" : "full";
    public TorchNativeReport? Native { get; }

    /// <summary>Prepares the session and shows a one-line summary of it.</summary>
    public static Session Start(int seed = 42, int? threads = null)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("VAELAB_SEED"), out var fromEnvironment)) seed = fromEnvironment; // LOCAL nb05 test edit, not committed
        var native = TorchNative.Prepare();
        FSharpCoreResolver.Install();
        NotebookHost.Install();

        var threadCount = threads ?? ThreadCount.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1, nameof(threads));
        torch.set_num_threads(threadCount);
        torch.manual_seed(seed);

        var session = new Session(seed, threadCount, RunMode.IsQuick, native);
        Show(session.Summary());
        return session;
    }

    /// <summary>Picks the quick-mode or the full-mode value of a setting.</summary>
    public T Pick<T>(T quick, T full) => Quick ? quick : full;

    /// <summary>Resets torch's generator to this session's seed (or an offset of it) so a cell can be rerun alone.</summary>
    public void Reseed(int offset = 0) => torch.manual_seed(Seed + offset);

    public string Summary() =>
        $"VaeLab session: {Mode} mode, seed {Seed}, {Threads} thread(s) of {Environment.ProcessorCount} cores; " +
        $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}, " +
        $".NET {Environment.Version}, {RuntimeInformation.OSDescription}" +
        (Native is null ? "" : Native.Patched || !Native.SystemHasRequiredGlibcxx
            ? $"; native fix: {TorchNative.KnownUnusedGlibcxx} marked weak (system libstdc++ lacks it)"
            : "; native fix: not needed");

    public override string ToString() => Summary();

    private static void Show(string text) => NotebookHost.Show(text);
}
