using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VaeLab.Runner;

/// <summary>
/// A Jupyter notebook (.ipynb, nbformat 4) with the metadata VS Code's Polyglot Notebooks and Jupyter's .NET
/// kernel expect. Read and written as plain JSON so nothing the runner does depends on a document model.
/// </summary>
public sealed partial class NotebookFile
{
    private NotebookFile(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonArray Cells => Root["cells"]?.AsArray() ?? throw new InvalidDataException("The notebook has no 'cells' array.");

    public IEnumerable<JsonObject> CodeCells => Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code");

    public static NotebookFile Load(string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid notebook JSON: {e.Message}", e);
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray)
            throw new InvalidDataException($"{path} is not a Jupyter notebook (no top-level 'cells' array).");
        return new NotebookFile(root);
    }

    public static string Source(JsonObject cell) => Text(cell["source"]);

    /// <summary>A Jupyter text field (a string or an array of lines) as one string.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    /// <summary>The first Markdown heading (# …) of the notebook, or null.</summary>
    public string? Title => FirstInMarkdown(Heading());

    /// <summary>The notebook's question (**Question: …**), or null.</summary>
    public string? Question => FirstInMarkdown(QuestionLine());

    private string? FirstInMarkdown(Regex pattern) =>
        Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "markdown")
            .Select(c => pattern.Match(Source(c))).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();

    /// <summary>Writes the notebook through a temporary file and a rename: never a half-written notebook.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var json = Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.Replace("\r\n", "\n") + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    public void ClearOutputs()
    {
        foreach (var cell in CodeCells)
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }
    }

    /// <summary>
    /// Builds a notebook from a .dib-style script: lines <c>#!markdown</c> and <c>#!csharp</c> start cells.
    /// An authoring aid; the committed form is the .ipynb.
    /// </summary>
    public static NotebookFile FromScript(string script)
    {
        var cells = new JsonArray();
        string? kind = null;
        var buffer = new List<string>();
        var index = 0;

        void Flush()
        {
            while (buffer.Count > 0 && string.IsNullOrWhiteSpace(buffer[^1])) buffer.RemoveAt(buffer.Count - 1);
            while (buffer.Count > 0 && string.IsNullOrWhiteSpace(buffer[0])) buffer.RemoveAt(0);
            if (kind is null || buffer.Count == 0) { buffer.Clear(); return; }
            var source = new JsonArray(buffer.Select((l, i) => (JsonNode)JsonValue.Create(i < buffer.Count - 1 ? l + "\n" : l)!).ToArray());
            var id = $"cell-{index++:D3}";
            cells.Add(kind == "markdown"
                ? new JsonObject { ["cell_type"] = "markdown", ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = source }
                : new JsonObject
                {
                    ["cell_type"] = "code", ["execution_count"] = null, ["id"] = id,
                    ["metadata"] = new JsonObject
                    {
                        ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                    },
                    ["outputs"] = new JsonArray(), ["source"] = source,
                });
            buffer.Clear();
        }

        foreach (var line in script.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed is "#!markdown" or "#!csharp" or "#!c#")
            {
                Flush();
                kind = trimmed == "#!markdown" ? "markdown" : "csharp";
                continue;
            }
            if (kind is null && trimmed.Length == 0) continue;
            kind ??= "csharp";
            buffer.Add(line);
        }
        Flush();

        return new NotebookFile(new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = StandardMetadata(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        });
    }

    public static JsonObject StandardMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "C#", ["name"] = "csharp" }),
            },
        },
    };

    [GeneratedRegex("^#\\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("\\*\\*Question:\\s*(.+?)\\*\\*")]
    private static partial Regex QuestionLine();
}
