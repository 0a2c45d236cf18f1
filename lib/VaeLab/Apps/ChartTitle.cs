using System.Text.RegularExpressions;

namespace VaeLab.Apps;

/// <summary>
/// The title of a Plotly chart from its HTML page (layout "title": {"text": …} or "title": "…"), JSON escapes decoded.
/// One copy for two programs: the apps' Markdown report names chart files and alt text with it, and the notebook
/// runner (which deliberately references no library assembly, so it compiles this file itself) names the reading
/// edition's chart pictures with it.
/// </summary>
internal static partial class ChartTitle
{
    /// <summary>The chart's title, or null when its layout has none.</summary>
    public static string? Of(string page)
    {
        var m = TitleText().Match(page);
        if (!m.Success) m = TitleString().Match(page);
        if (!m.Success) return null;
        using var json = System.Text.Json.JsonDocument.Parse($"\"{m.Groups[1].Value}\"");
        return json.RootElement.GetString();
    }

    [GeneratedRegex("\"title\":\\{\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TitleText();

    [GeneratedRegex("\"title\":\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TitleString();
}
