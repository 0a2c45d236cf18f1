using System.Text.Json.Nodes;

namespace VaeLab.Runner.Translation;

/// <summary>How one Markdown cell of the Chinese edition stands against the English notebook.</summary>
public enum CellState { Current, Stale, Untranslated }

public sealed record CellStatus(string CellId, CellState State);

/// <summary>One notebook of the Chinese edition: where its files are and how its Markdown cells stand.</summary>
public sealed record EditionStatus(string English, string Translation, string Chinese, IReadOnlyList<CellStatus> Cells, bool NotebookCurrent)
{
    public int Count(CellState state) => Cells.Count(c => c.State == state);
}

/// <summary>
/// The Chinese edition: <c>notebooks-zh/NN-name.ipynb</c> generated from <c>notebooks/NN-name.ipynb</c> and the
/// translation file <c>notebooks-zh/translations/NN-name.md</c>. Code cells, their metadata and the notebook's
/// metadata are copied byte for byte from the English notebook (one source of truth for code); Markdown cells come from
/// the translation, or stay English where a cell is not translated yet. A translation made from an older English text is
/// still used, and reported as stale, so an English author is never blocked and staleness is always visible.
/// The folder is a sibling of notebooks/ so the setup cell's relative path (<c>../artifacts/lib/VaeLab.dll</c>) is the
/// same text and works in both editions.
/// </summary>
public static class ChineseEdition
{
    public const string Folder = "notebooks-zh";

    public static string TranslationsFolder(string repository) => Path.Combine(repository, Folder, "translations");

    /// <summary>Every English notebook that has a translation file, in order.</summary>
    public static IReadOnlyList<string> TranslatedNotebooks(string repository)
    {
        var translations = TranslationsFolder(repository);
        if (!Directory.Exists(translations)) return [];
        return Directory.GetFiles(translations, "*.md").Order(StringComparer.Ordinal)
            .Select(t => Path.Combine(repository, "notebooks", Path.GetFileNameWithoutExtension(t) + ".ipynb"))
            .ToList();
    }

    /// <summary>The Chinese notebook for an English one and its translation. A section belongs to the Markdown cell
    /// whose English text it was translated from (same digest), wherever that cell moved; failing that, to the cell
    /// with its id, as a stale translation.</summary>
    public static (NotebookFile Notebook, IReadOnlyList<CellStatus> Cells) Generate(NotebookFile english, IReadOnlyList<TranslatedCell> translation, string translationName)
    {
        var chinese = NotebookFile.Parse(english.Root.ToJsonString());
        var cells = chinese.Cells.OfType<JsonObject>().ToList();
        if (cells.Any(c => c["id"] is null))
            throw new InvalidDataException("Every cell of the English notebook needs an id (nbformat 4.5).");
        var markdown = cells.Where(c => (string?)c["cell_type"] == "markdown")
            .Select(c => (Id: (string)c["id"]!, Digest: TranslationFile.Digest(NotebookFile.Source(c)), Cell: c)).ToList();

        var assigned = new Dictionary<string, (TranslatedCell Section, bool Current)>();
        foreach (var section in translation)
        {
            var same = markdown.Where(m => m.Digest == section.EnglishDigest && !assigned.ContainsKey(m.Id)).ToList();
            if (same.Count > 0)
            {
                assigned[(same.FirstOrDefault(m => m.Id == section.CellId).Id ?? same[0].Id)] = (section, true);
                continue;
            }
            var byId = cells.FirstOrDefault(c => (string?)c["id"] == section.CellId);
            if (byId is null)
                throw new InvalidDataException($"{translationName}: {section.CellId} is not a cell of the English notebook and no cell has the English text it was translated from; the English cell was removed — delete the section or move it to the right id.");
            if ((string?)byId["cell_type"] != "markdown")
                throw new InvalidDataException($"{translationName}: {section.CellId} is a code cell and no Markdown cell has the English text it was translated from; only Markdown is translated (code is copied from the English) — move the section to the right id.");
            if (!assigned.ContainsKey(section.CellId)) assigned[section.CellId] = (section, false);
        }

        var statuses = new List<CellStatus>();
        foreach (var (id, _, cell) in markdown)
        {
            if (!assigned.TryGetValue(id, out var match))
            {
                statuses.Add(new CellStatus(id, CellState.Untranslated));
                continue;
            }
            statuses.Add(new CellStatus(id, match.Current ? CellState.Current : CellState.Stale));
            cell["source"] = NotebookFile.Lines(match.Section.Text);
        }
        return (chinese, statuses);
    }

    /// <summary>Generates (or, with <paramref name="write"/> false, only checks) every Chinese notebook. Every
    /// translation is read and checked before anything is written, so a bad one leaves the folder as it was.</summary>
    public static IReadOnlyList<EditionStatus> Sync(string repository, bool write)
    {
        var result = new List<EditionStatus>();
        var pending = new List<(NotebookFile Notebook, string Path)>();
        foreach (var englishPath in TranslatedNotebooks(repository))
        {
            var name = Path.GetFileNameWithoutExtension(englishPath);
            var translationPath = Path.Combine(TranslationsFolder(repository), name + ".md");
            if (!File.Exists(englishPath))
                throw new InvalidDataException($"{Path.GetRelativePath(repository, translationPath)} has no English notebook {Path.GetRelativePath(repository, englishPath)}; rename or delete the translation.");
            var translation = TranslationFile.Parse(File.ReadAllText(translationPath), Path.GetRelativePath(repository, translationPath));
            var (chinese, cells) = Generate(NotebookFile.Load(englishPath), translation, Path.GetRelativePath(repository, translationPath));
            var chinesePath = Path.Combine(repository, Folder, name + ".ipynb");
            var text = chinese.ToText();
            var current = File.Exists(chinesePath) && File.ReadAllText(chinesePath) == text;
            if (write && !current) pending.Add((chinese, chinesePath));
            result.Add(new EditionStatus(englishPath, translationPath, chinesePath, cells, current || write));
        }
        foreach (var (notebook, path) in pending) notebook.Save(path);
        return result;
    }

    /// <summary>Code cells (with their metadata) of a Chinese notebook that differ from the English notebook's, by id;
    /// and a different cell sequence. Empty when the code is identical. Metadata the English side lacks (an executed
    /// copy with its metadata stripped) is not compared.</summary>
    public static IReadOnlyList<string> CodeDifferences(NotebookFile english, NotebookFile chinese)
    {
        static List<(string? Id, string Type)> Shape(NotebookFile n) =>
            n.Cells.OfType<JsonObject>().Select(c => ((string?)c["id"], (string?)c["cell_type"] ?? "")).ToList();
        var differences = new List<string>();
        if (!Shape(english).SequenceEqual(Shape(chinese)))
            differences.Add("the cells (ids and kinds, in order) differ from the English notebook's");
        var englishCode = english.CodeCells.ToDictionary(c => (string?)c["id"] ?? "", c => c);
        foreach (var cell in chinese.CodeCells)
        {
            var id = (string?)cell["id"] ?? "";
            if (!englishCode.TryGetValue(id, out var original)) { differences.Add($"{id}: a code cell the English notebook does not have"); continue; }
            if (NotebookFile.Source(cell) != NotebookFile.Source(original)) differences.Add($"{id}: code differs from the English");
            else if (original["metadata"] is not null && cell["metadata"]?.ToJsonString() != original["metadata"]?.ToJsonString()) differences.Add($"{id}: cell metadata differs from the English");
        }
        if (english.Root["metadata"] is not null && chinese.Root["metadata"]?.ToJsonString() != english.Root["metadata"]?.ToJsonString())
            differences.Add("notebook metadata differs from the English");
        return differences;
    }
}
