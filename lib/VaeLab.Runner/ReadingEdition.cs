using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;

namespace VaeLab.Runner;

/// <summary>
/// The reading edition of the executed series: a static HTML site that works from the file system with no network
/// (plotly.js and KaTeX copied from the npm packages scripts/setup installs, each loaded once per page), and executed
/// notebooks GitHub can display (every chart replaced by a static PNG taken with headless Chromium, since GitHub
/// strips scripts and iframes). See the README's "Reading edition" section.
/// </summary>
public static partial class ReadingEdition
{
    /// <summary>The GitHub edition's folder (committed), relative to the repository root.</summary>
    public const string GitHubFolder = "reading";

    /// <summary>Where scripts/setup installs the npm packages, relative to the repository root.</summary>
    public const string WebPackages = ".tools/web/node_modules";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public sealed record Page(string Notebook, string Title, string? Question, string Mode, string File);

    /// <summary>One notebook's GitHub edition against its source: current, stale, missing or orphan.</summary>
    public sealed record Freshness(string Notebook, string State);

    // ---------------------------------------------------------------- hashes and staleness

    /// <summary>A digest of a notebook's cells (type and source): what an executed copy was executed from.</summary>
    public static string SourceDigest(NotebookFile notebook)
    {
        var text = new StringBuilder();
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
            text.Append((string?)cell["cell_type"]).Append('\n').Append(NotebookFile.Source(cell).Replace("\r\n", "\n")).Append("\n\0");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Which pages of the committed GitHub edition are stale against the current notebook sources.</summary>
    public static IReadOnlyList<Freshness> Check(string repository)
    {
        var results = new List<Freshness>();
        var notebooks = Repository.ExpandNotebooks([], repository);
        var folder = Path.Combine(repository, GitHubFolder);
        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileName(notebook);
            var edition = Path.Combine(folder, name);
            if (!File.Exists(edition)) { results.Add(new(name, "missing")); continue; }
            var recorded = (string?)NotebookFile.Load(edition).Root["metadata"]?["vaelab"]?["source_sha256"];
            results.Add(new(name, recorded == SourceDigest(NotebookFile.Load(notebook)) ? "current" : "stale"));
        }
        if (Directory.Exists(folder))
            foreach (var file in Directory.GetFiles(folder, "*.ipynb").Select(Path.GetFileName).Order())
                if (!notebooks.Any(n => Path.GetFileName(n) == file)) results.Add(new(file!, "orphan"));
        return results;
    }

    /// <summary>"full", "quick" or "unknown", read from the session line the setup cell prints.</summary>
    public static string ModeOf(NotebookFile executed)
    {
        foreach (var output in Outputs(executed))
            foreach (var text in Texts(output))
                if (SessionLine().Match(text) is { Success: true } m) return m.Groups[1].Value;
        return "unknown";
    }

    // ---------------------------------------------------------------- the site

    /// <summary>Writes index.html, one page per notebook and assets/ (plotly.js, KaTeX) into <paramref name="site"/>.</summary>
    public static IReadOnlyList<Page> WriteSite(IReadOnlyList<string> executed, string repository, string site)
    {
        Directory.CreateDirectory(site);
        CopyAssets(repository, Path.Combine(site, "assets"));
        var pages = executed.Select(path =>
        {
            var notebook = NotebookFile.Load(path);
            var name = Path.GetFileNameWithoutExtension(path);
            return (Notebook: notebook, Page: new Page(Path.GetFileName(path), TitleOf(notebook) ?? name, QuestionOf(notebook), ModeOf(notebook), name + ".html"));
        }).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var previous = i > 0 ? pages[i - 1].Page : null;
            var next = i + 1 < pages.Count ? pages[i + 1].Page : null;
            File.WriteAllText(Path.Combine(site, pages[i].Page.File), RenderPage(pages[i].Notebook, pages[i].Page, previous, next));
        }
        File.WriteAllText(Path.Combine(site, "index.html"), RenderIndex(pages.Select(p => p.Page).ToList()));
        return pages.Select(p => p.Page).ToList();
    }

    private static void CopyAssets(string repository, string assets)
    {
        var packages = Path.Combine(repository, WebPackages);
        var plotly = Path.Combine(packages, "plotly.js-dist-min", "plotly.min.js");
        var katex = Path.Combine(packages, "katex", "dist");
        if (!File.Exists(plotly) || !Directory.Exists(katex))
            throw new FileNotFoundException($"The reading edition needs plotly.js and KaTeX from npm in {WebPackages}: run scripts/setup.");
        Directory.CreateDirectory(Path.Combine(assets, "katex", "fonts"));
        File.Copy(plotly, Path.Combine(assets, "plotly.min.js"), overwrite: true);
        foreach (var file in new[] { "katex.min.js", "katex.min.css" })
            File.Copy(Path.Combine(katex, file), Path.Combine(assets, "katex", file), overwrite: true);
        foreach (var font in Directory.GetFiles(Path.Combine(katex, "fonts"), "*.woff2"))
            File.Copy(font, Path.Combine(assets, "katex", "fonts", Path.GetFileName(font)), overwrite: true);
        File.WriteAllText(Path.Combine(assets, "reading.css"), Css);
        File.WriteAllText(Path.Combine(assets, "reading.js"), Script);
    }

    /// <summary>
    /// Markdown as Jupyter reads it, in the form Markdig's math extension parses: Markdig takes a <c>$$…$$</c> only when
    /// it stays on one line (a formula broken over lines was left as raw TeX, and a <c>{…}</c> in its first line was
    /// even eaten as an attribute), and renders it inline unless it stands on its own lines. So every <c>$$…$$</c> is
    /// joined onto one line, and one that fills its lines becomes a display block, as Jupyter shows it. Inline $…$
    /// broken over lines is joined too.
    /// (<c>$$</c> inside code spans is not expected in the notebooks' prose and is not special-cased.)
    /// </summary>
    internal static string PrepareMath(string markdown)
    {
        var joined = DisplayMath().Replace(markdown, m => "$$" + m.Groups["tex"].Value.ReplaceLineEndings(" ") + "$$");
        return DisplayMathLine().Replace(JoinInlineMath(joined), m => "$$\n" + m.Groups["tex"].Value.Trim() + "\n$$");
    }

    /// <summary>Puts every inline <c>$…$</c> on one line: delimiters are paired in order within a paragraph (a blank
    /// line resets), <c>\$</c> is a dollar sign, and <c>$$</c> (already on one line) is skipped.</summary>
    private static string JoinInlineMath(string markdown)
    {
        var text = new StringBuilder(markdown.ReplaceLineEndings("\n"));
        int? open = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && i + 1 < text.Length && text[i + 1] == '\n') open = null;
            if (text[i] != '$' || (i > 0 && text[i - 1] == '\\')) continue;
            if (i + 1 < text.Length && text[i + 1] == '$') { i++; continue; }
            if (open is null) { open = i; continue; }
            for (var j = open.Value; j < i; j++)
                if (text[j] == '\n') text[j] = ' ';
            open = null;
        }
        return text.ToString();
    }

    internal static string RenderPage(NotebookFile notebook, Page page, Page? previous, Page? next)
    {
        var html = new StringBuilder();
        html.Append(Head(page.Title));
        html.Append("<nav><a href=\"index.html\">VaeLab</a>");
        if (previous is not null) html.Append($" · <a href=\"{previous.File}\">← {E(previous.Title)}</a>");
        if (next is not null) html.Append($" · <a href=\"{next.File}\">{E(next.Title)} →</a>");
        html.Append($"<span class=\"mode\">executed in {E(page.Mode)} mode</span></nav>\n<main>\n");
        var codeNumber = 0;
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
        {
            var source = NotebookFile.Source(cell);
            if ((string?)cell["cell_type"] == "markdown")
            {
                html.Append("<section class=\"prose\">").Append(Markdig.Markdown.ToHtml(PrepareMath(source), Markdown)).Append("</section>\n");
                continue;
            }
            if ((string?)cell["cell_type"] != "code" || string.IsNullOrWhiteSpace(source)) continue;
            codeNumber++;
            html.Append($"<details class=\"code\"{(codeNumber == 1 ? "" : " open")}><summary>code</summary><pre><code>{E(source)}</code></pre></details>\n");
            foreach (var output in cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [])
                html.Append(RenderOutput(output)).Append('\n');
        }
        html.Append("</main>\n<script src=\"assets/reading.js\"></script>\n</body></html>\n");
        return html.ToString();
    }

    internal static string RenderOutput(JsonObject output)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                return $"<pre class=\"output\">{E(Joined(output["text"]))}</pre>";
            case "error":
                return $"<pre class=\"output error\">{E((string?)output["evalue"] ?? "")}</pre>";
        }
        var data = output["data"] as JsonObject ?? new JsonObject();
        if (data["text/html"] is { } htmlNode)
        {
            var html = Joined(htmlNode);
            if (ChartPage(html) is { } page) return $"<div class=\"chart\">{ChartBody(page)}</div>";
            return $"<div class=\"output html\">{html}</div>";
        }
        if (data["image/png"] is { } png)
            return $"<div class=\"output figure\"><img alt=\"{E(Joined(data["text/plain"]).Trim())}\" src=\"data:image/png;base64,{Joined(png).Trim()}\"/></div>";
        if (data["image/svg+xml"] is { } svg) return $"<div class=\"output figure\">{Joined(svg)}</div>";
        if (data["text/plain"] is { } text) return $"<pre class=\"output\">{E(Joined(text))}</pre>";
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

    private static string RenderIndex(IReadOnlyList<Page> pages)
    {
        var html = new StringBuilder(Head("VaeLab — the reading edition"));
        html.Append("<main><section class=\"prose\"><h1>VaeLab — the reading edition</h1>");
        html.Append("<p>Variational inference in C#, one notebook at a time: every notebook as executed, with its outputs, charts and figures. ");
        html.Append("This site works offline; the notebooks themselves are in <code>notebooks/</code>.</p>");
        html.Append("<table><thead><tr><th>#</th><th>notebook</th><th>question</th><th>mode</th></tr></thead><tbody>");
        foreach (var p in pages)
            html.Append($"<tr><td>{E(p.Notebook[..2])}</td><td><a href=\"{p.File}\">{E(p.Title)}</a></td><td>{E(p.Question ?? "")}</td><td>{E(p.Mode)}</td></tr>");
        html.Append("</tbody></table></section></main>\n<script src=\"assets/reading.js\"></script>\n</body></html>\n");
        return html.ToString();
    }

    private static string Head(string title) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>" +
        $"<title>{E(title)}</title><link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\"/><link rel=\"stylesheet\" href=\"assets/reading.css\"/>" +
        "<script src=\"assets/plotly.min.js\"></script><script src=\"assets/katex/katex.min.js\"></script></head>\n<body>\n";

    internal static string? TitleOf(NotebookFile notebook) =>
        notebook.Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "markdown")
            .Select(c => Heading().Match(NotebookFile.Source(c))).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();

    internal static string? QuestionOf(NotebookFile notebook) =>
        notebook.Cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "markdown")
            .Select(c => Question().Match(NotebookFile.Source(c))).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();

    // ---------------------------------------------------------------- the GitHub edition

    /// <summary>
    /// The executed notebook as GitHub can show it: each chart (an iframe GitHub would strip) becomes a PNG taken with
    /// headless Chromium from the chart's page with the local plotly.js; the source digest goes into the metadata.
    /// </summary>
    public static NotebookFile ForGitHub(NotebookFile executed, NotebookFile source, string plotlyJs, string chromium, string scratch, TextWriter log)
    {
        Directory.CreateDirectory(scratch);
        var count = 0;
        foreach (var cell in executed.CodeCells)
        {
            foreach (var output in cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (output["data"] is not JsonObject data || data["text/html"] is not { } html || ChartPage(Joined(html)) is not { } page) continue;
                count++;
                var local = PlotlyCdn().Replace(page, m => m.Groups[1].Value + new Uri(plotlyJs).AbsoluteUri + m.Groups[3].Value);
                var file = Path.Combine(scratch, $"chart-{count:D2}.html");
                File.WriteAllText(file, local.Replace("</head>", "<style>.modebar-container{display:none !important}</style></head>"));
                var png = Path.ChangeExtension(file, "png");
                var height = (LayoutHeight().Match(page) is { Success: true } h ? int.Parse(h.Groups[1].Value) : DivHeight().Match(page) is { Success: true } d ? int.Parse(d.Groups[1].Value) : 500) + 20;
                var drawn = Verify.ChartDrawn(chromium, file);
                if (drawn is not null) throw new InvalidOperationException($"chart {count} ({ChartTitle(page)}) is blank: {drawn}");
                var error = Chromium.Screenshot(chromium, file, png, 920, height);
                if (error is not null) throw new InvalidOperationException($"chart {count}: {error}");
                var title = ChartTitle(page);
                output["data"] = new JsonObject
                {
                    ["image/png"] = Convert.ToBase64String(File.ReadAllBytes(png)),
                    ["text/plain"] = $"chart: {title ?? "untitled"} (a static picture; the interactive chart is in the HTML reading edition)",
                };
                log.WriteLine($"    chart {count}: {title}");
            }
        }
        var metadata = executed.Root["metadata"] as JsonObject ?? new JsonObject();
        metadata["vaelab"] = new JsonObject { ["source_sha256"] = SourceDigest(source), ["mode"] = ModeOf(executed), ["edition"] = "reading: charts as static PNG pictures" };
        executed.Root["metadata"] = metadata;
        return executed;
    }

    internal static string? ChartTitle(string page)
    {
        var m = TitleText().Match(page);
        if (!m.Success) m = TitleString().Match(page);
        if (!m.Success) return null;
        using var json = System.Text.Json.JsonDocument.Parse($"\"{m.Groups[1].Value}\"");
        return json.RootElement.GetString();
    }

    // ---------------------------------------------------------------- helpers

    private static IEnumerable<JsonObject> Outputs(NotebookFile notebook) =>
        notebook.CodeCells.SelectMany(c => c["outputs"]?.AsArray().OfType<JsonObject>() ?? []);

    private static IEnumerable<string> Texts(JsonObject output)
    {
        if (output["text"] is { } text) yield return Joined(text);
        if (output["data"] is JsonObject data)
            foreach (var mime in new[] { "text/plain", "text/html" })
                if (data[mime] is { } value) yield return Joined(value);
    }

    internal static string Joined(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\$\$(?<tex>[^$]+?)\$\$", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex(@"^[ \t]*\$\$(?<tex>[^$\n]+)\$\$[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DisplayMathLine();

    [GeneratedRegex("VaeLab session: (quick|full) mode")]
    private static partial Regex SessionLine();

    [GeneratedRegex("<iframe\\s+srcdoc=\"([^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex SrcDoc();

    [GeneratedRegex("(<script[^>]*\\bsrc=\")(https?://cdn\\.plot\\.ly/[^\"]+)(\")", RegexOptions.IgnoreCase)]
    private static partial Regex PlotlyCdn();

    [GeneratedRegex("<script[^>]*\\bsrc=\"https?://cdn\\.plot\\.ly/[^\"]+\"[^>]*>\\s*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex PlotlyScriptTag();

    [GeneratedRegex("<body[^>]*>(.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Body();

    [GeneratedRegex("^#\\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("\\*\\*Question:\\s*(.+?)\\*\\*")]
    private static partial Regex Question();

    [GeneratedRegex("\"height\":\\s*(\\d+)")]
    private static partial Regex LayoutHeight();

    [GeneratedRegex("height:\\s*(\\d+)px")]
    private static partial Regex DivHeight();

    [GeneratedRegex("\"title\":\\{\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TitleText();

    [GeneratedRegex("\"title\":\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TitleString();

    private const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 980px; margin: 0 auto; padding: 0 1.2em 4em; line-height: 1.55; color: #1d1d1f; }
        nav { position: sticky; top: 0; background: #fff; padding: .6em 0; border-bottom: 1px solid #ddd; font-size: .92em; z-index: 10; }
        nav .mode { float: right; color: #666; }
        pre { background: #f6f8fa; padding: .7em 1em; overflow-x: auto; font-size: .86em; line-height: 1.4; border-radius: 4px; }
        pre.output { background: #fff; border-left: 3px solid #9ab; }
        pre.error { border-left-color: #c33; color: #900; }
        details.code summary { cursor: pointer; color: #567; font-size: .85em; }
        .figure img { max-width: 100%; image-rendering: pixelated; }
        .chart { margin: .6em 0; min-height: 200px; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .25em .6em; text-align: left; }
        .math.display, div.math { overflow-x: auto; }
        """;

    // Typesets every .math element with KaTeX, then records what a reader would see: how many charts were drawn
    // and how many formulas typeset. `vaelab-notebooks verify-reading` reads the record from the page's DOM.
    private const string Script = """
        (function () {
          document.querySelectorAll('.math').forEach(function (el) {
            var tex = el.textContent.trim();
            var display = el.tagName === 'DIV';
            tex = tex.replace(/^\\\(/, '').replace(/\\\)$/, '').replace(/^\\\[/, '').replace(/\\\]$/, '');
            try { katex.render(tex, el, { displayMode: display, throwOnError: false }); }
            catch (e) { el.classList.add('katex-error'); }
          });
          function record() {
            var charts = document.querySelectorAll('.chart');
            var blank = [];
            charts.forEach(function (c, i) {
              var svg = c.querySelector('svg.main-svg');
              var marks = c.querySelectorAll('g.trace path, g.trace .point, g.hm image, g.heatmaplayer image, g.imagelayer image');
              var drawn = 0;
              marks.forEach(function (m) { var d = m.getAttribute('d'); if (m.tagName !== 'path' || (d && d.length > 4 && d.indexOf('M') >= 0)) drawn++; });
              if (!svg || drawn === 0) blank.push(i + 1);
            });
            var math = document.querySelectorAll('.math').length;
            var typeset = document.querySelectorAll('.math .katex').length;
            var errors = document.querySelectorAll('.katex-error').length;
            // TeX the math extension did not pick up shows as text with its $ delimiters: count those.
            var raw = 0;
            document.querySelectorAll('.prose').forEach(function (p) {
              var copy = p.cloneNode(true);
              copy.querySelectorAll('.math, code, pre').forEach(function (x) { x.remove(); });
              raw += (copy.textContent.match(/\$/g) || []).length;
            });
            document.body.setAttribute('data-reading-check', JSON.stringify({ charts: charts.length, blank: blank, math: math, typeset: typeset, errors: errors, raw: raw }));
          }
          window.addEventListener('load', function () { setTimeout(record, 1500); });
        })();
        """;
}
