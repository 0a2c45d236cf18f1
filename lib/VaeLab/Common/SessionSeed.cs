using System.Globalization;

namespace VaeLab.Common;

/// <summary>
/// The session seed of a notebook or an app: <c>VAELAB_SEED</c> when set, else 42. It lets anyone rerun a notebook,
/// an app or the whole series with another seed without editing the setup cell
/// (<c>VAELAB_SEED=2024 bash scripts/run-series</c>), which is how a conclusion is checked not to depend on seed 42.
/// </summary>
public static class SessionSeed
{
    public const string Variable = "VAELAB_SEED";

    /// <summary>The seed when neither the setup cell nor <c>VAELAB_SEED</c> names one.</summary>
    public const int Default = 42;

    /// <summary>The value of VAELAB_SEED, or null when unset; a value that is not a whole number in [0, 2³¹−1] is an error.</summary>
    public static int? FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses a seed as VAELAB_SEED or a <c>--seed</c> option gives it; null for null or blank.</summary>
    public static int? Parse(string? text, string source = Variable)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
        var example = source == Variable ? $"unset it for seed {Default}, or set, e.g., {Variable}=2024" : $"e.g. {source} 2024";
        throw new ArgumentException($"{source} must be a whole number from 0 to {int.MaxValue}; got '{text}': {example}.");
    }
}
