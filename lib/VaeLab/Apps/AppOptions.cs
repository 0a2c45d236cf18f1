using VaeLab.Common;

namespace VaeLab.Apps;

/// <summary>The command line of a generated app: <c>--quick</c> or <c>--full</c>, <c>--seed N</c> and <c>--output DIR</c>.</summary>
/// <param name="Quick">True for quick mode, false for full mode, null for the notebooks' default (quick when CI is set).</param>
/// <param name="Output">Folder for the report and figures; null for <c>output/apps/NAME</c> in the repository
/// (<c>output/apps/NAME-seed-N</c> for a seed other than 42).</param>
/// <param name="Seed">The session seed (sets <c>VAELAB_SEED</c> before the setup cell); null for VAELAB_SEED, else 42.</param>
public sealed record AppOptions(bool? Quick, string? Output, bool Help, int? Seed = null)
{
    public const string Usage = "usage: dotnet run apps/NN-name.cs [-- [--quick | --full] [--seed N] [--output DIR]]";

    public static AppOptions Parse(IReadOnlyList<string> args)
    {
        bool? quick = null;
        string? output = null;
        int? seed = null;
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = SetOnce(quick, true); break;
                case "--full": quick = SetOnce(quick, false); break;
                case "--output" when i + 1 < args.Count: output = args[++i]; break;
                case "--output": throw new ArgumentException("--output needs a folder. " + Usage);
                case "--seed" when i + 1 < args.Count: seed = SessionSeed.Parse(args[++i], "--seed") ?? throw new ArgumentException("--seed needs a number. " + Usage); break;
                case "--seed": throw new ArgumentException("--seed needs a number, e.g. --seed 2024. " + Usage);
                case "--help" or "-h": help = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        return new AppOptions(quick, output, help, seed);
    }

    private static bool SetOnce(bool? current, bool value) =>
        current is { } set && set != value ? throw new ArgumentException("Choose one of --quick and --full.") : value;
}
