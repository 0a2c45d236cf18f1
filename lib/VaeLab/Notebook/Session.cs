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
    private Session(int seed, string seedSource, int threads, bool quick, TorchNativeReport? native)
    {
        Seed = seed;
        SeedSource = seedSource;
        Threads = threads;
        Quick = quick;
        Native = native;
    }

    public int Seed { get; }

    /// <summary>Where the seed came from, as the session line shows it (e.g. "from VAELAB_SEED").</summary>
    public string SeedSource { get; }
    public int Threads { get; }
    public bool Quick { get; }
    public string Mode => Quick ? "quick" : "full";
    public TorchNativeReport? Native { get; }

    /// <summary>Prepares the session and shows a one-line summary of it.</summary>
    /// <param name="seed">The session seed. Leave it out (as every setup cell does) to take <c>VAELAB_SEED</c>, else 42,
    /// so the series can be rerun with another seed without editing a notebook.</param>
    /// <param name="threads">Intra-op threads; default <c>VAELAB_THREADS</c>, else 2 (1 on a 1-core machine).</param>
    /// <exception cref="ArgumentException">VAELAB_SEED, VAELAB_THREADS or VAELAB_QUICK holds a value that is not understood.</exception>
    public static Session Start(int? seed = null, int? threads = null)
    {
        var (sessionSeed, seedSource) = ChooseSeed(seed, SessionSeed.FromEnvironment());
        if (sessionSeed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "The session seed must be ≥ 0.");
        var quick = RunMode.IsQuick;
        var native = TorchNative.Prepare();
        FSharpCoreResolver.Install();
        NotebookHost.Install();

        var threadCount = threads ?? ThreadCount.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1, nameof(threads));
        torch.set_num_threads(threadCount);
        torch.manual_seed(sessionSeed);

        var session = new Session(sessionSeed, seedSource, threadCount, quick, native);
        Show(session.Summary());
        return session;
    }

    /// <summary>The seed and where it came from: the setup cell's argument, else VAELAB_SEED, else 42.</summary>
    internal static (int Seed, string Source) ChooseSeed(int? argument, int? environment) => (argument, environment) switch
    {
        ({ } a, { } e) when a != e => (a, $"set in the setup cell; {SessionSeed.Variable}={e} not used"),
        ({ } a, _) => (a, "set in the setup cell"),
        (null, { } e) => (e, $"from {SessionSeed.Variable}"),
        _ => (SessionSeed.Default, $"default; {SessionSeed.Variable}=N for another"),
    };

    /// <summary>Picks the quick-mode or the full-mode value of a setting.</summary>
    public T Pick<T>(T quick, T full) => Quick ? quick : full;

    /// <summary>Resets torch's generator to this session's seed (or an offset of it) so a cell can be rerun alone.</summary>
    public void Reseed(int offset = 0) => torch.manual_seed(Seed + offset);

    public string Summary() =>
        $"VaeLab session: {Mode} mode, seed {Seed} ({SeedSource}), {Threads} thread(s) of {Environment.ProcessorCount} cores; " +
        $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}, " +
        $".NET {Environment.Version}, {RuntimeInformation.OSDescription}" +
        (Native is null ? "" : Native.Patched || !Native.SystemHasRequiredGlibcxx
            ? $"; native fix: {TorchNative.KnownUnusedGlibcxx} marked weak (system libstdc++ lacks it)"
            : "; native fix: not needed");

    public override string ToString() => Summary();

    private static void Show(string text) => NotebookHost.Show(text);
}
