namespace VaeLab.Runner;

/// <summary>Finds the repository and its notebooks.</summary>
public static class Repository
{
    public const string Marker = "VaeLab.sln";

    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }

    /// <summary>Files stay as given; folders expand to their NN-*.ipynb notebooks in order; nothing given means the
    /// repository's notebooks/ folder.</summary>
    public static IReadOnlyList<string> ExpandNotebooks(IReadOnlyList<string> given, string? repository)
    {
        if (given.Count == 0)
        {
            if (repository is null)
                throw new FileNotFoundException($"Not inside the repository (no {Marker} above this folder): name the notebooks to run.");
            given = [Path.Combine(repository, "notebooks")];
        }
        var notebooks = new List<string>();
        foreach (var item in given)
        {
            if (Directory.Exists(item))
                notebooks.AddRange(Directory.GetFiles(item, "*.ipynb")
                    .Where(f => char.IsDigit(Path.GetFileName(f)[0]))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(item))
                notebooks.Add(item);
            else
                throw new FileNotFoundException($"No notebook or folder at '{item}'.");
        }
        if (notebooks.Count == 0) throw new FileNotFoundException($"No NN-*.ipynb notebooks in {string.Join(", ", given)}.");
        return notebooks;
    }
}
