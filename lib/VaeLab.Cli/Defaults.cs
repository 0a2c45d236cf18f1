namespace VaeLab.Cli;

/// <summary>Defaults of the command line, each with the measurement behind it.</summary>
internal static class Defaults
{
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
