using System.Text.Json.Nodes;
using VaeLab.Runner.Translation;

namespace VaeLab.Runner;

/// <summary>
/// The Chinese reading edition without a second run: a Chinese notebook's code is the English code byte for byte, so
/// its outputs are the English run's. Its page is the executed English notebook with the Chinese Markdown put in.
/// </summary>
public static class ChineseReading
{
    /// <summary>The executed English notebook with the Markdown of <paramref name="chinese"/>; refuses a Chinese
    /// notebook whose code is not the code that ran.</summary>
    public static NotebookFile Compose(NotebookFile executedEnglish, NotebookFile chinese, string name)
    {
        var differences = ChineseEdition.CodeDifferences(Strip(executedEnglish), chinese);
        if (differences.Count > 0)
            throw new InvalidDataException($"{ChineseEdition.Folder}/{name}: {differences[0]} of the executed run; regenerate it (vaelab-notebooks translate) and rerun the series.");
        var markdown = chinese.Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "markdown")
            .ToDictionary(c => (string?)c["id"] ?? "", c => c["source"]!.DeepClone());
        var composed = NotebookFile.Parse(executedEnglish.Root.ToJsonString());
        foreach (var cell in composed.Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "markdown"))
            if (markdown.TryGetValue((string?)cell["id"] ?? "", out var source)) cell["source"] = source;
        return composed;
    }

    /// <summary>The pairs (English executed copy, Chinese notebook) for every executed notebook that has a Chinese edition.</summary>
    public static IReadOnlyList<(string Executed, string Chinese)> Pairs(IReadOnlyList<string> executed, string repository) =>
        executed.Select(e => (Executed: e, Chinese: Path.Combine(repository, ChineseEdition.Folder, Path.GetFileName(e))))
            .Where(p => File.Exists(p.Chinese)).ToList();

    // An executed copy carries outputs, execution counts and the kernel's metadata; compare code as the source has it.
    private static NotebookFile Strip(NotebookFile executed)
    {
        var copy = NotebookFile.Parse(executed.Root.ToJsonString());
        copy.Root["metadata"] = null;
        foreach (var cell in copy.CodeCells) cell["metadata"] = null;
        return copy;
    }
}
