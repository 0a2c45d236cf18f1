using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace VaeLab.Runner.Translation;

/// <summary>One translated Markdown cell: the English cell's id, the digest of the English text it was translated
/// from, and the translation.</summary>
public sealed record TranslatedCell(string CellId, string EnglishDigest, string Text);

/// <summary>
/// A translation file (<c>notebooks-zh/translations/NN-name.md</c>): plain Markdown a translator edits, one section per
/// translated cell, each opened by a marker line <c>&lt;!-- cell cell-003 · from English 1a2b3c4d5e6f --&gt;</c> that
/// names the English cell and the digest of the English text the section translates. Lines before the first marker
/// are notes for translators and are ignored.
/// </summary>
public static partial class TranslationFile
{
    /// <summary>The digest recorded for an English cell: the first 12 hex digits of SHA-256 of its text (LF line ends).</summary>
    public static string Digest(string englishText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(englishText.Replace("\r\n", "\n"))))[..12];

    public static string Marker(string cellId, string digest) => $"<!-- cell {cellId} · from English {digest} -->";

    public static IReadOnlyList<TranslatedCell> Parse(string text, string fileName)
    {
        var cells = new List<TranslatedCell>();
        string? id = null, digest = null;
        var body = new List<string>();
        var lineNumber = 0;

        void Flush()
        {
            if (id is null) return;
            while (body.Count > 0 && string.IsNullOrWhiteSpace(body[^1])) body.RemoveAt(body.Count - 1);
            while (body.Count > 0 && string.IsNullOrWhiteSpace(body[0])) body.RemoveAt(0);
            if (body.Count == 0) throw new InvalidDataException($"{fileName}: the section for {id} is empty; delete its marker line or write the translation.");
            if (cells.Any(c => c.CellId == id)) throw new InvalidDataException($"{fileName}: {id} is translated twice; keep one section.");
            cells.Add(new TranslatedCell(id, digest!, string.Join("\n", body)));
            body.Clear();
        }

        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNumber++;
            if (line.StartsWith("<!-- cell ", StringComparison.Ordinal))
            {
                var m = MarkerLine().Match(line);
                if (!m.Success)
                    throw new InvalidDataException($"{fileName}:{lineNumber}: a cell marker must read '<!-- cell cell-NNN · from English <12 hex digits> -->'.");
                Flush();
                id = m.Groups[1].Value;
                digest = m.Groups[2].Value;
                continue;
            }
            if (id is not null) body.Add(line);
        }
        Flush();
        return cells;
    }

    [GeneratedRegex(@"^<!-- cell (\S+) · from English ([0-9a-f]{12}) -->\s*$")]
    private static partial Regex MarkerLine();
}
