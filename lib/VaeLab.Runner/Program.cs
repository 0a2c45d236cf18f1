using System.CommandLine;
using VaeLab.Runner;

var root = new RootCommand("Executes the VaeLab notebooks headless and writes executed copies with their outputs.");

var notebooksArgument = new Argument<string[]>("notebooks")
{
    Description = "Notebooks (.ipynb) or folders of them. Default: every NN-*.ipynb in the repository's notebooks/ folder.",
    Arity = ArgumentArity.ZeroOrMore,
};
var outputOption = new Option<string?>("--output") { Description = "Folder for the executed copies. Default: output/notebooks in the repository." };
var quickOption = new Option<bool>("--quick") { Description = "Quick mode: fewer epochs and less data (the default when CI is set)." };
var fullOption = new Option<bool>("--full") { Description = "Full mode: what the README's numbers come from (the default otherwise)." };
var timeoutOption = new Option<int>("--timeout-minutes") { Description = "Stop a notebook that runs longer than this.", DefaultValueFactory = _ => 30 };
var seedOption = new Option<string?>("--seed")
{
    Description = $"Session seed for every notebook (sets {SeedChoice.Variable}). Default: {SeedChoice.Variable} if set, else 42. " +
                  "Executed copies of another seed go to output/notebooks-seed-N unless --output says otherwise.",
};
var run = new Command("run", "Execute notebooks, each in its own process, and write executed copies.")
{
    notebooksArgument, outputOption, quickOption, fullOption, timeoutOption, seedOption,
};
run.SetAction(async (parse, cancellation) =>
{
    if (parse.GetValue(quickOption) && parse.GetValue(fullOption))
    {
        Console.Error.WriteLine("Choose one of --quick and --full.");
        return 2;
    }
    bool? quick = parse.GetValue(quickOption) ? true : parse.GetValue(fullOption) ? false : null;
    var timeout = parse.GetValue(timeoutOption);
    if (timeout < 1)
    {
        Console.Error.WriteLine("--timeout-minutes must be at least 1.");
        return 2;
    }

    int? seed;
    try
    {
        seed = SeedChoice.Resolve(parse.GetValue(seedOption), Environment.GetEnvironmentVariable(SeedChoice.Variable));
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    var repository = Repository.FindRoot(Directory.GetCurrentDirectory());
    IReadOnlyList<string> notebooks;
    try
    {
        notebooks = Repository.ExpandNotebooks(parse.GetValue(notebooksArgument) ?? [], repository);
    }
    catch (FileNotFoundException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
    var output = parse.GetValue(outputOption)
        ?? Path.Combine(repository ?? Directory.GetCurrentDirectory(), "output", SeedChoice.DefaultOutputFolder(seed));

    var results = await new SeriesRunner(Console.Out).RunAsync(notebooks, output, quick, TimeSpan.FromMinutes(timeout), cancellation, seed);
    Console.WriteLine();
    foreach (var r in results)
        Console.WriteLine($"{(r.Passed ? "passed" : "FAILED"),-7} {r.Notebook,-45} {r.Seconds,8:F1} s  {r.Mode}, seed {r.Seed?.ToString() ?? SeedChoice.Default.ToString()}{(r.Failure is null ? "" : "  " + r.Failure)}");
    var failed = results.Count(r => !r.Passed);
    Console.WriteLine($"{results.Count - failed} passed, {failed} failed");
    return failed == 0 ? 0 : 1;
});

var notebookArgument = new Argument<string>("notebook") { Description = "The notebook to execute." };
var executeOutput = new Option<string>("--output") { Description = "Where to write the executed copy.", Required = true };
var execute = new Command("execute", "Execute one notebook in this process (the runner starts one process per notebook).")
{
    notebookArgument, executeOutput,
};
execute.SetAction(async (parse, cancellation) =>
{
    var path = Path.GetFullPath(parse.GetValue(notebookArgument)!);
    var output = Path.GetFullPath(parse.GetValue(executeOutput)!);
    var name = Path.GetFileName(path);
    NotebookFile notebook;
    try
    {
        notebook = NotebookFile.Load(path);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"FAILED {name}: {e.Message}");
        return 1;
    }
    var failure = await new NotebookExecutor(Console.Out).ExecuteAsync(notebook, cancellation);
    notebook.Save(output);
    if (failure is null) return 0;
    var firstLine = failure.Message.Split('\n', 2)[0].Trim();
    Console.Error.WriteLine(failure.Message);
    Console.Error.WriteLine($"FAILED {name}: cell {failure.CellNumber} (code cell {failure.CodeCellNumber}): {firstLine}");
    return 1;
});

var scriptArgument = new Argument<string>("script") { Description = "A .dib-style script: #!markdown and #!csharp lines start cells." };
var notebookOut = new Argument<string>("notebook") { Description = "The .ipynb to write." };
var convert = new Command("convert", "Turn a .dib-style script into a notebook with the series' metadata (an authoring aid).")
{
    scriptArgument, notebookOut,
};
convert.SetAction(parse =>
{
    NotebookFile.FromScript(File.ReadAllText(parse.GetValue(scriptArgument)!)).Save(parse.GetValue(notebookOut)!);
    return 0;
});

var readme = new Command("readme-table", "Rewrite the notebook table in README.md from the notebooks and the measured run times in output/notebooks.");
readme.SetAction(_ =>
{
    var repository = Repository.FindRoot(Directory.GetCurrentDirectory());
    if (repository is null)
    {
        Console.Error.WriteLine($"Run this inside the repository (no {Repository.Marker} found).");
        return 2;
    }
    var path = Path.Combine(repository, "README.md");
    var table = ReadmeTable.Build(repository, Path.Combine(repository, "output", "notebooks"));
    var temporary = path + ".tmp";
    File.WriteAllText(temporary, ReadmeTable.Update(File.ReadAllText(path), table));
    File.Move(temporary, path, overwrite: true);
    Console.Write(table);
    return 0;
});

var checkApps = new Option<bool>("--check") { Description = "Change nothing; list apps that are out of date with their notebooks and fail if any is." };
var apps = new Command("apps", "Generate apps/NN-name.cs, a .NET 10 file-based app, from every notebook (rules: lib/VaeLab.Runner/APPS.md).")
{
    checkApps,
};
apps.SetAction(parse =>
{
    var repository = Repository.FindRoot(Directory.GetCurrentDirectory());
    if (repository is null)
    {
        Console.Error.WriteLine($"Run this inside the repository (no {Repository.Marker} found).");
        return 2;
    }
    var check = parse.GetValue(checkApps);
    var statuses = AppFiles.Sync(repository, write: !check);
    foreach (var s in statuses)
    {
        var state = check || s.State is "current" or "error" or "orphan" ? s.State : $"{s.State} → written";
        Console.WriteLine($"{state,-18} {Path.GetRelativePath(repository, s.App)}{(s.Error is null ? "" : "  " + s.Error)}");
    }
    var bad = statuses.Count(s => s.State == "error" || (check && s.State != "current"));
    return bad == 0 ? 0 : 1;
});

var appNotebook = new Argument<string>("notebook") { Description = "The notebook to translate." };
var appOutput = new Option<string>("--output") { Description = "The .cs file to write.", Required = true };
var app = new Command("app", "Translate one notebook into a file-based app at a path of your choice (apps regenerates the series).")
{
    appNotebook, appOutput,
};
app.SetAction(parse =>
{
    var notebook = Path.GetFullPath(parse.GetValue(appNotebook)!);
    var output = Path.GetFullPath(parse.GetValue(appOutput)!);
    var repository = Repository.FindRoot(Path.GetDirectoryName(notebook)!) ?? Repository.FindRoot(Directory.GetCurrentDirectory());
    if (repository is null)
    {
        Console.Error.WriteLine($"The notebook must be inside the repository (no {Repository.Marker} found).");
        return 2;
    }
    var project = Path.GetRelativePath(Path.GetDirectoryName(output)!, Path.Combine(repository, "lib", "VaeLab", "VaeLab.csproj")).Replace('\\', '/');
    try
    {
        var text = AppGenerator.Generate(NotebookFile.Load(notebook), Path.GetRelativePath(repository, notebook).Replace('\\', '/'), project);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, text);
    }
    catch (Exception e) when (e is AppGenerationException or InvalidDataException or IOException)
    {
        Console.Error.WriteLine($"{Path.GetFileName(notebook)}: {e.Message}");
        return 1;
    }
    Console.WriteLine($"wrote {output}");
    return 0;
});

var readingInput = new Option<string?>("--input") { Description = "Executed notebooks (full mode). Default: output/notebooks." };
var readingSite = new Option<string?>("--site") { Description = "The HTML site. Default: output/reading." };
var readingGitHub = new Option<string?>("--github") { Description = "The executed notebooks for GitHub. Default: reading/ (committed)." };
var readingQuick = new Option<bool>("--allow-quick") { Description = "Accept quick-mode executions (for tests; the edition is meant to be full mode)." };
var readingCheck = new Option<bool>("--check") { Description = "Change nothing; say which pages of reading/ are stale against notebooks/, and fail if any is." };
var reading = new Command("reading", "Render the executed series as a static offline HTML site and as executed notebooks GitHub can display.")
{
    readingInput, readingSite, readingGitHub, readingQuick, readingCheck,
};
reading.SetAction(parse =>
{
    var repository = Repository.FindRoot(Directory.GetCurrentDirectory());
    if (repository is null)
    {
        Console.Error.WriteLine($"Run this inside the repository (no {Repository.Marker} found).");
        return 2;
    }
    var github = Path.GetFullPath(parse.GetValue(readingGitHub) ?? Path.Combine(repository, GitHubEdition.Folder));
    if (parse.GetValue(readingCheck))
    {
        var states = GitHubEdition.Check(repository);
        foreach (var s in states) Console.WriteLine($"{s.State,-8} {GitHubEdition.Folder}/{s.Notebook}");
        var stale = states.Count(s => s.State != "current");
        Console.WriteLine(stale == 0 ? "The reading edition is current." : $"{stale} page(s) out of date: run scripts/reading-edition.");
        return stale == 0 ? 0 : 1;
    }
    var input = Path.GetFullPath(parse.GetValue(readingInput) ?? Path.Combine(repository, "output", "notebooks"));
    var site = Path.GetFullPath(parse.GetValue(readingSite) ?? Path.Combine(repository, "output", "reading"));
    var chromium = Chromium.Find();
    if (chromium is null)
    {
        Console.Error.WriteLine("The reading edition needs headless Chromium for the charts' pictures: apt-get install chromium (scripts/setup does), or set VAELAB_CHROMIUM.");
        return 2;
    }
    IReadOnlyList<string> executed;
    try
    {
        executed = Repository.ExpandNotebooks([input], repository);
    }
    catch (FileNotFoundException e)
    {
        Console.Error.WriteLine($"{e.Message} Run the series first (scripts/run-series).");
        return 2;
    }
    foreach (var path in executed)
    {
        var mode = ExecutedNotebook.ModeOf(NotebookFile.Load(path));
        if (mode != "full" && !parse.GetValue(readingQuick))
        {
            Console.Error.WriteLine($"{Path.GetFileName(path)} was executed in {mode} mode; the reading edition shows full-mode runs (scripts/run-series), or pass --allow-quick.");
            return 2;
        }
    }
    try
    {
        var pages = ReadingSite.WriteSite(executed, repository, site);
        Console.WriteLine($"site: {pages.Count} pages in {site} (open index.html)");
        var plotly = Path.Combine(site, "assets", "plotly.min.js");
        Directory.CreateDirectory(github);
        foreach (var path in executed)
        {
            var name = Path.GetFileName(path);
            var source = Path.Combine(repository, "notebooks", name);
            if (!File.Exists(source)) { Console.WriteLine($"  {name}: no notebooks/{name}; skipped for GitHub"); continue; }
            Console.WriteLine($"  {name} for GitHub:");
            var edition = GitHubEdition.Render(NotebookFile.Load(path), NotebookFile.Load(source), plotly, chromium,
                Path.Combine(site, ".charts", Path.GetFileNameWithoutExtension(name)), Console.Out);
            edition.Save(Path.Combine(github, name));
        }
        Console.WriteLine($"GitHub edition: {executed.Count} notebooks in {github}");
    }
    catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or InvalidDataException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    return 0;
});

var verifySite = new Option<string?>("--site") { Description = "The HTML site. Default: output/reading." };
var verify = new Command("verify-reading", "Open every page of the reading edition in headless Chromium with the network off; fail on a blank chart, untypeset math or a network load.")
{
    verifySite,
};
verify.SetAction(parse =>
{
    var repository = Repository.FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
    var site = Path.GetFullPath(parse.GetValue(verifySite) ?? Path.Combine(repository, "output", "reading"));
    var chromium = Chromium.Find();
    if (chromium is null)
    {
        Console.Error.WriteLine("verify-reading needs headless Chromium: apt-get install chromium, or set VAELAB_CHROMIUM.");
        return 2;
    }
    if (!File.Exists(Path.Combine(site, "index.html")))
    {
        Console.Error.WriteLine($"No reading edition at {site}: run vaelab-notebooks reading first.");
        return 2;
    }
    var results = Verify.Site(chromium, site, Console.Out);
    var failed = results.Count(r => !r.Passed);
    Console.WriteLine($"{results.Count - failed} pages passed, {failed} failed; screenshots in {Path.Combine(site, "screenshots")}");
    return failed == 0 ? 0 : 1;
});

root.Subcommands.Add(run);
root.Subcommands.Add(reading);
root.Subcommands.Add(verify);
root.Subcommands.Add(app);
root.Subcommands.Add(apps);
root.Subcommands.Add(readme);
root.Subcommands.Add(execute);
root.Subcommands.Add(convert);
return await root.Parse(args).InvokeAsync();
