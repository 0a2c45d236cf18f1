namespace VaeLab.Runner;

/// <summary>The generated apps of a repository: writes them, and says which are out of date with their notebooks.</summary>
public static class AppFiles
{
    /// <summary>One notebook's app and whether the file on disk matches what the generator makes now.</summary>
    public sealed record Status(string Notebook, string App, string State, string? Error = null);

    /// <summary>Compares (and, when <paramref name="write"/>, rewrites) apps/NN-name.cs for every notebook; also lists
    /// apps whose notebook is gone. States: current, stale, missing, orphan, error.</summary>
    public static IReadOnlyList<Status> Sync(string repository, bool write)
    {
        var results = new List<Status>();
        var notebooks = Repository.ExpandNotebooks([], repository);
        foreach (var notebook in notebooks)
        {
            var relative = Path.GetRelativePath(repository, notebook).Replace('\\', '/');
            var app = AppGenerator.AppPath(repository, notebook);
            string text;
            try
            {
                text = AppGenerator.Generate(NotebookFile.Load(notebook), relative);
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
        var folder = Path.Combine(repository, AppGenerator.Folder);
        if (Directory.Exists(folder))
        {
            var expected = notebooks.Select(n => AppGenerator.AppPath(repository, n)).ToHashSet();
            foreach (var file in Directory.GetFiles(folder, "*.cs").Where(f => !expected.Contains(f)).Order())
                results.Add(new Status("(none)", file, "orphan"));
        }
        return results;
    }
}
