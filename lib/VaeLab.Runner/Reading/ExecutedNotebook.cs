using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VaeLab.Runner;

/// <summary>What an executed notebook records about itself: the digest of the cells it was executed from, and its mode.</summary>
public static partial class ExecutedNotebook
{
    /// <summary>A digest of a notebook's cells (type and source): what an executed copy was executed from.</summary>
    public static string SourceDigest(NotebookFile notebook)
    {
        var text = new StringBuilder();
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
            text.Append((string?)cell["cell_type"]).Append('\n').Append(NotebookFile.Source(cell).Replace("\r\n", "\n")).Append("\n\0");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>"full", "quick" or "unknown", read from the session line the setup cell prints.</summary>
    public static string ModeOf(NotebookFile executed)
    {
        foreach (var output in Outputs(executed))
            foreach (var text in Texts(output))
                if (SessionLine().Match(text) is { Success: true } m) return m.Groups[1].Value;
        return "unknown";
    }

    private static IEnumerable<JsonObject> Outputs(NotebookFile notebook) =>
        notebook.CodeCells.SelectMany(c => c["outputs"]?.AsArray().OfType<JsonObject>() ?? []);

    private static IEnumerable<string> Texts(JsonObject output)
    {
        if (output["text"] is { } text) yield return NotebookFile.Text(text);
        if (output["data"] is JsonObject data)
            foreach (var mime in new[] { "text/plain", "text/html" })
                if (data[mime] is { } value) yield return NotebookFile.Text(value);
    }

    [GeneratedRegex("VaeLab session: (quick|full) mode")]
    private static partial Regex SessionLine();
}
