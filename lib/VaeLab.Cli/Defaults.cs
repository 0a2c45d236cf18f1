using VaeLab.Models;

namespace VaeLab.Cli;

/// <summary>
/// Defaults chosen from `vaelab bench --sweep` on a 2-core machine (numbers in the README, Performance).
/// </summary>
internal static class Defaults
{
    /// <summary>Intra-op threads per model: the small MLP is fastest on one thread; the conv VAE gains from two.</summary>
    public static int Threads(VaeArchitecture model) =>
        model == VaeArchitecture.Mlp ? 1 : Math.Min(2, Environment.ProcessorCount);

    /// <summary>glibc mmap threshold in bytes (0: leave glibc's dynamic default).</summary>
    public const int MmapThreshold = 131072;

    public const int BatchSize = 128;
    public const double LearningRate = 1e-3;
}
