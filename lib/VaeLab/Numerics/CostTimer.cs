using System.Diagnostics;

namespace VaeLab.Numerics;

/// <summary>Wall-clock cost of a computation, measured with <see cref="Stopwatch"/> (median of repeats so one hiccup does not decide).</summary>
public static class CostTimer
{
    /// <summary>
    /// Warms <paramref name="work"/> up (at least one run, and runs until <paramref name="warmUpMilliseconds"/> have
    /// passed, so that .NET's tiered JIT has had the calls it needs to install optimised code before the clock starts),
    /// then repeats it until <paramref name="minimumRepeats"/> runs and <paramref name="minimumTotalMilliseconds"/> have
    /// passed (capped at <paramref name="maximumRepeats"/>); returns the median milliseconds per run and the last result.
    /// </summary>
    public static (double Milliseconds, T Result) Median<T>(Func<T> work, int minimumRepeats = 3, double minimumTotalMilliseconds = 20,
        int maximumRepeats = 1000, double warmUpMilliseconds = 20)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRepeats, 1);
        var warmUp = Stopwatch.StartNew();
        var result = work();
        for (var calls = 1; calls < maximumRepeats && warmUp.Elapsed.TotalMilliseconds < warmUpMilliseconds; calls++) result = work();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < maximumRepeats && (times.Count < minimumRepeats || total.Elapsed.TotalMilliseconds < minimumTotalMilliseconds))
        {
            var watch = Stopwatch.StartNew();
            result = work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], result);
    }
}
