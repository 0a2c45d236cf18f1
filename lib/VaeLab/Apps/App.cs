using VaeLab.Common;
using VaeLab.Notebook;

namespace VaeLab.Apps;

/// <summary>
/// What a generated file-based app (<c>apps/NN-name.cs</c>, see lib/VaeLab.Runner/APPS.md) calls in place of the
/// notebook host: <see cref="Start"/> reads the command line and sets the run mode before the setup cell,
/// <see cref="Markdown"/> and <see cref="Code"/> carry the cells into the report, <see cref="Display"/> replaces
/// <c>display(x)</c> and a cell's trailing expression, <see cref="Html"/> replaces the kernel's <c>HTML(…)</c>, and
/// <see cref="Finish"/> writes the report. Printed text is recorded too, in order.
/// </summary>
public static class App
{
    private static MarkdownReport? report;
    private static TextWriter? terminal;

    /// <summary>The report of the running app (after <see cref="Start"/>).</summary>
    public static MarkdownReport Report => report ?? throw new InvalidOperationException("Call App.Start first.");

    /// <summary>Parses <paramref name="args"/>, sets quick/full mode and the seed, opens the report. Exits on --help or a bad argument (or VAELAB_SEED).</summary>
    public static void Start(string name, string[] args)
    {
        AppOptions options;
        int seed;
        try
        {
            options = AppOptions.Parse(args);
            // The setup cell's Session.Start() reads the seed from the environment, as in a notebook; a bad
            // VAELAB_SEED stops the app here, in one line, before anything is written.
            if (options.Seed is { } chosen) Environment.SetEnvironmentVariable(SessionSeed.Variable, chosen.ToString(System.Globalization.CultureInfo.InvariantCulture));
            seed = SessionSeed.FromEnvironment() ?? SessionSeed.Default;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Environment.Exit(2);
            return;
        }
        if (options.Help)
        {
            Console.WriteLine(AppOptions.Usage);
            Console.WriteLine("Runs the notebook's code cells in order and writes report.md with the prose, outputs and figures.");
            Environment.Exit(0);
        }
        if (options.Quick is { } quick) Environment.SetEnvironmentVariable(RunMode.Variable, quick ? "1" : "0");

        var root = RepositoryRoot();
        if (root is not null && Environment.GetEnvironmentVariable(Data.DataDirectory.Variable) is null or "")
            Environment.SetEnvironmentVariable(Data.DataDirectory.Variable, Path.Combine(root, "data"));
        // Another seed's report goes beside the seed-42 one, never over it.
        var folder = seed == SessionSeed.Default ? name : $"{name}-seed-{seed}";
        var output = options.Output ?? Path.Combine(root ?? Environment.CurrentDirectory, "output", "apps", folder);

        report = new MarkdownReport(output, OfflineCharts.FindPlotly(root), OfflineCharts.FindChromium());
        terminal = Console.Out;
        Console.SetOut(new ConsoleTee(terminal, report.AddPrinted));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var path = report.Save(e.ExceptionObject.ToString());
            terminal.WriteLine($"The run failed; the report so far is in {path}");
        };
        terminal.WriteLine($"{name}: {RunMode.Name} mode, seed {seed}; report and figures go to {report.Directory}");
        if (report.ChartImageLimitation is { } limitation) terminal.WriteLine($"note: {limitation}");
        if (NotebookHost.ProgramCarriesNoHost()) terminal.WriteLine("host: none (no .NET Interactive, no Roslyn in this program)");
        else terminal.WriteLine("host: this program carries .NET Interactive or Roslyn assemblies");
    }

    public static void Markdown(string text) => Report.AddMarkdown(text);

    public static void Code(string source) => Report.AddCode(source);

    /// <summary>Shows a value: into the report (figures as files) and, in one line, on the terminal.</summary>
    public static void Display(object? value)
    {
        var line = Report.AddValue(value);
        (terminal ?? Console.Out).WriteLine(line);
    }

    /// <summary>The app's stand-in for the kernel's <c>HTML(…)</c>.</summary>
    public static HtmlOutput Html(string html) => new(html);

    /// <summary>Writes the report and restores the console.</summary>
    public static void Finish()
    {
        var path = Report.Save();
        if (terminal is not null) Console.SetOut(terminal);
        Console.WriteLine($"report: {path}");
    }

    /// <summary>The repository above the app's source file (or the working directory): the folder with VaeLab.sln.</summary>
    internal static string? RepositoryRoot()
    {
        var starts = new[] { AppContext.GetData("EntryPointFilePath") as string, Environment.CurrentDirectory };
        foreach (var start in starts)
        {
            if (string.IsNullOrEmpty(start)) continue;
            for (var dir = new DirectoryInfo(File.Exists(start) ? Path.GetDirectoryName(Path.GetFullPath(start))! : start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "VaeLab.sln"))) return dir.FullName;
        }
        return null;
    }
}
