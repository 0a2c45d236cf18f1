namespace VaeLab.Data;

/// <summary>
/// Finds the repository's <c>data/</c> folder: <c>$VAELAB_DATA</c> if set, else <c>data/</c> next to the first
/// <c>VaeLab.sln</c> above the working directory or above this library's assembly (so notebooks running in
/// <c>notebooks/</c> and tests running in <c>bin/</c> find the same folder), else <c>./data</c>.
/// </summary>
public static class DataDirectory
{
    public const string Variable = "VAELAB_DATA";

    public static string Resolve(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        foreach (var start in new[] { Environment.CurrentDirectory, Path.GetDirectoryName(typeof(DataDirectory).Assembly.Location) })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "VaeLab.sln")))
                    return Path.Combine(dir.FullName, "data");
        return Path.GetFullPath("data");
    }
}
