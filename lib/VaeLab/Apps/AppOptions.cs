namespace VaeLab.Apps;

/// <summary>The command line of a generated app: <c>--quick</c> or <c>--full</c>, and <c>--output DIR</c>.</summary>
/// <param name="Quick">True for quick mode, false for full mode, null for the notebooks' default (quick when CI is set).</param>
/// <param name="Output">Folder for the report and figures; null for <c>output/apps/NAME</c> in the repository.</param>
public sealed record AppOptions(bool? Quick, string? Output, bool Help)
{
    public const string Usage = "usage: dotnet run apps/NN-name.cs [-- [--quick | --full] [--output DIR]]";

    public static AppOptions Parse(IReadOnlyList<string> args)
    {
        bool? quick = null;
        string? output = null;
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = SetOnce(quick, true); break;
                case "--full": quick = SetOnce(quick, false); break;
                case "--output" when i + 1 < args.Count: output = args[++i]; break;
                case "--output": throw new ArgumentException("--output needs a folder. " + Usage);
                case "--help" or "-h": help = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        return new AppOptions(quick, output, help);
    }

    private static bool SetOnce(bool? current, bool value) =>
        current is { } set && set != value ? throw new ArgumentException("Choose one of --quick and --full.") : value;
}
