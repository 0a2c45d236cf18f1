using VaeLab.Models;

namespace VaeLab.Cli;

/// <summary>
/// Defaults chosen from `vaelab bench --sweep` on a 2-core machine (numbers in the README, Performance).
/// </summary>
internal static class Defaults
{
    /// <summary>
    /// Intra-op threads: two where the machine has them. Measured on 2 cores with jemalloc (README, Performance): the
    /// conv VAE takes 15–16 s per epoch on two threads against 23–25 s on one, the MLP 3.0 s against 3.6–4.3 s. Caveat
    /// measured too: when other processes compete for the cores, two OpenMP threads wait on each other and an MLP
    /// epoch took 24–35 s; pass --threads 1 on a busy machine.
    /// </summary>
    public static int Threads(VaeArchitecture model) => Math.Min(2, Environment.ProcessorCount);

    /// <summary>jemalloc when Debian's libjemalloc2 is installed (fastest and leanest in `vaelab bench`), else glibc.</summary>
    public static string Allocator => File.Exists(Cli.Allocator.Libraries["jemalloc"]) ? "jemalloc" : "glibc";

    /// <summary>
    /// glibc mmap threshold in bytes, applied only when running on glibc's allocator: a fixed 128 KiB threshold keeps
    /// peak RSS near jemalloc's (about half of glibc's dynamic default) at the cost of time per epoch.
    /// </summary>
    public const int MmapThreshold = 131072;

    public const int BatchSize = 128;
    public const double LearningRate = 1e-3;
}
