using VaeLab.Runner.Translation;

namespace VaeLab.Runner;

/// <summary>The generated apps of a repository: writes them, and says which are out of date with their notebooks.</summary>
public static class AppFiles
{
    /// <summary>One notebook's app and whether the file on disk matches what the generator makes now.</summary>
    public sealed record Status(string Notebook, string App, string State, string? Error = null);

    /// <summary>Compares (and, when <paramref name="write"/>, rewrites) apps/NN-name.cs for every notebook and
    /// apps/zh/NN-name.cs for every Chinese notebook (notebooks-zh/); also lists apps whose notebook is gone.
    /// States: current, stale, missing, orphan, error.</summary>
    public static IReadOnlyList<Status> Sync(string repository, bool write)
    {
        var results = new List<Status>();
        Sync(repository, write, Repository.ExpandNotebooks([], repository), AppGenerator.Folder, "../lib/VaeLab/VaeLab.csproj", "", results);
        var chinese = Path.Combine(repository, ChineseEdition.Folder);
        if (Directory.Exists(chinese) && Directory.GetFiles(chinese, "*.ipynb").Any(f => char.IsDigit(Path.GetFileName(f)[0])))
            // Reported as NN-name-zh, so a Chinese app's output/apps/ folder never overwrites the English one's.
            Sync(repository, write, Repository.ExpandNotebooks([chinese], repository), AppGenerator.ChineseFolder, "../../lib/VaeLab/VaeLab.csproj", "-zh", results);
        return results;
    }

    private static void Sync(string repository, bool write, IReadOnlyList<string> notebooks, string folder, string libraryProject,
        string reportSuffix, List<Status> results)
    {
        foreach (var notebook in notebooks)
        {
            var relative = Path.GetRelativePath(repository, notebook).Replace('\\', '/');
            var app = AppGenerator.AppPath(repository, notebook, folder);
            string text;
            try
            {
                text = AppGenerator.Generate(NotebookFile.Load(notebook), relative, libraryProject, folder,
                    Path.GetFileNameWithoutExtension(notebook) + reportSuffix);
            }
            catch (Exception e) when (e is AppGenerationException or InvalidDataException)
            {
                results.Add(new Status(relative, app, "error", e.Message));
                continue;
            }
            var state = !File.Exists(app) ? "missing" : File.ReadAllText(app) == text ? "current" : "stale";
            if (write && state != "current")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(app)!);
                File.WriteAllText(app, text);
            }
            results.Add(new Status(relative, app, state));
        }
        var directory = Path.Combine(repository, folder);
        if (Directory.Exists(directory))
        {
            var expected = notebooks.Select(n => AppGenerator.AppPath(repository, n, folder)).ToHashSet();
            foreach (var file in Directory.GetFiles(directory, "*.cs").Where(f => !expected.Contains(f)).Order())
                results.Add(new Status("(none)", file, "orphan"));
        }
    }
}
