using System.Runtime.InteropServices;

namespace VaeLab.Cli;

/// <summary>
/// glibc's allocator settings, changed at start-up through mallopt (the same effect as the MALLOC_*_ environment
/// variables, which must be set before the process starts). With its default dynamic mmap threshold, glibc
/// serves libtorch's freed tensor buffers again from the heap and keeps the heap's high-water mark resident;
/// a fixed threshold returns large buffers to the OS on free.
/// </summary>
internal static class GlibcMalloc
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h

    /// <summary>Allocations at or above this many bytes are served by mmap and unmapped on free.</summary>
    public static bool SetMmapThreshold(int bytes) => OperatingSystem.IsLinux() && mallopt(MmapThreshold, bytes) == 1;

    /// <summary>Peak resident set size of this process (VmHWM), in MiB, or null where /proc is missing.</summary>
    public static double? PeakResidentMiB() => ReadStatusKiB("VmHWM:") / 1024.0;

    public static double? ResidentMiB() => ReadStatusKiB("VmRSS:") / 1024.0;

    private static double? ReadStatusKiB(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
