using System.Globalization;

namespace VaeLab.Runner;

/// <summary>
/// The session seed the runner passes to every notebook it starts: <c>--seed N</c>, else <c>VAELAB_SEED</c>, else the
/// notebooks' own default (42). The notebooks read it in <c>Session.Start()</c>; the runner only checks it first, so a
/// bad value stops the run in one line instead of failing nine notebooks. (The runner references no library assembly,
/// so this mirrors <c>VaeLab.Common.SessionSeed</c>'s rule; <c>SeedChoiceTests</c> checks the two agree.)
/// </summary>
public static class SeedChoice
{
    public const string Variable = "VAELAB_SEED";
    public const int Default = 42;

    /// <summary>The seed to run with, or null for the notebooks' default; throws a one-line ArgumentException on a bad value.</summary>
    public static int? Resolve(string? option, string? environment) =>
        Parse(option, "--seed") ?? Parse(environment, Variable);

    /// <summary>Where executed copies go by default: output/notebooks for the default seed, output/notebooks-seed-N otherwise
    /// (so a run with another seed never overwrites the seed-42 run the reading edition and the README table read).</summary>
    public static string DefaultOutputFolder(int? seed) =>
        seed is null or Default ? "notebooks" : $"notebooks-seed-{seed.Value.ToString(CultureInfo.InvariantCulture)}";

    internal static int? Parse(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
        var example = source == Variable ? $"unset it for seed {Default}, or set, e.g., {Variable}=2024" : $"e.g. {source} 2024";
        throw new ArgumentException($"{source} must be a whole number from 0 to {int.MaxValue}; got '{text}': {example}.");
    }
}
