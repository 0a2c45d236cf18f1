namespace VaeLab.Common;

/// <summary>
/// The one intra-op thread default, read by notebooks and the command line alike: <c>VAELAB_THREADS</c> when set,
/// else two where the machine has two cores or more. `vaelab bench` on the 2-core development machine measured both
/// VAEs faster on two threads than on one (README, Performance); more than two were not measured, so not assumed.
/// On a machine busy with other work two threads can be slower than one: set VAELAB_THREADS=1.
/// </summary>
public static class ThreadCount
{
    public const string Variable = "VAELAB_THREADS";

    public static int Default => FromEnvironment() ?? Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>The value of VAELAB_THREADS, or null when unset; a value that is not a positive integer is an error.</summary>
    public static int? FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text, out var n) && n >= 1) return n;
        throw new ArgumentException($"{Variable} must be a whole number ≥ 1; got '{text}'. Unset it or set, e.g., {Variable}=1.");
    }
}
