using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VaeLab.Runner;

/// <summary>One Jupyter output as reading-edition HTML; a Plotly chart (an iframe around its own page) as its div and script.</summary>
internal static partial class OutputHtml
{
    internal static string Render(JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                return $"<pre class=\"output\">{E(NotebookFile.Text(output["text"]))}</pre>";
            case "error":
                return $"<pre class=\"output error\">{E((string?)output["evalue"] ?? "")}</pre>";
        }
        var data = output["data"] as JsonObject ?? new JsonObject();
        if (data["text/html"] is { } htmlNode)
        {
            var html = NotebookFile.Text(htmlNode);
            if (ChartPage(html) is { } page) return $"<div class=\"chart\">{ChartBody(page)}</div>";
            return $"<div class=\"output html\">{html}</div>";
        }
        if (data["image/png"] is { } png)
            return $"<div class=\"output figure\"><img alt=\"{E(NotebookFile.Text(data["text/plain"]).Trim())}\" src=\"data:image/png;base64,{NotebookFile.Text(png).Trim()}\"/></div>";
        if (data["image/svg+xml"] is { } svg) return $"<div class=\"output figure\">{NotebookFile.Text(svg)}</div>";
        if (data["text/plain"] is { } text) return $"<pre class=\"output\">{E(NotebookFile.Text(text))}</pre>";
        return "";
    }

    /// <summary>The chart's own page when <paramref name="html"/> is an iframe around a plotly chart, else null.</summary>
    internal static string? ChartPage(string html)
    {
        var m = SrcDoc().Match(html);
        if (!m.Success) return null;
        var page = WebUtility.HtmlDecode(m.Groups[1].Value);
        return PlotlyCdn().IsMatch(page) ? page : null;
    }

    /// <summary>The chart's body (its div and the script that draws it), without any script loading plotly.js.</summary>
    internal static string ChartBody(string page)
    {
        var body = Body().Match(page) is { Success: true } b ? b.Groups[1].Value : page;
        return PlotlyScriptTag().Replace(body, "");
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex("<iframe\\s+srcdoc=\"([^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex SrcDoc();

    /// <summary>A script tag loading plotly.js from its CDN; groups: the tag up to the URL, the URL, the closing quote.</summary>
    [GeneratedRegex("(<script[^>]*\\bsrc=\")(https?://cdn\\.plot\\.ly/[^\"]+)(\")", RegexOptions.IgnoreCase)]
    internal static partial Regex PlotlyCdn();

    [GeneratedRegex("<script[^>]*\\bsrc=\"https?://cdn\\.plot\\.ly/[^\"]+\"[^>]*>\\s*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex PlotlyScriptTag();

    [GeneratedRegex("<body[^>]*>(.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Body();
}
