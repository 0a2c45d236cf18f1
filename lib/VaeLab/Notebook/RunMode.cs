namespace VaeLab.Notebook;

/// <summary>
/// Quick mode shrinks epochs and data so the whole series runs in minutes on 2 CPU cores (CI, a first look);
/// full mode is what a student runs and what the README's numbers come from.
/// <c>VAELAB_QUICK=1</c> turns quick mode on, <c>VAELAB_QUICK=0</c> off; otherwise it is on when <c>CI</c> is set.
/// </summary>
public static class RunMode
{
    public const string Variable = "VAELAB_QUICK";

    public static bool IsQuick => Parse(Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("CI"));

    public static string Name => IsQuick ? "quick" : "full";

    /// <summary>Picks the quick or the full value of a setting.</summary>
    public static T Pick<T>(T quick, T full) => IsQuick ? quick : full;

    internal static bool Parse(string? quickVariable, string? ciVariable)
    {
        if (!string.IsNullOrWhiteSpace(quickVariable))
        {
            return quickVariable.Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                "0" or "false" or "no" or "off" => false,
                var other => throw new ArgumentException(
                    $"{Variable}='{other}' is not understood: use 1 (quick) or 0 (full)."),
            };
        }
        return !string.IsNullOrWhiteSpace(ciVariable) && !ciVariable.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
