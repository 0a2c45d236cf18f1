using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using static VaeLab.Runner.OutputHtml;

namespace VaeLab.Runner;

/// <summary>
/// The reading edition as a static HTML site that works from the file system with no network: one page per executed
/// notebook (prose through Markdig, formulas typeset by KaTeX, outputs and interactive charts), an index, and the
/// assets (plotly.js and KaTeX copied from the npm packages scripts/setup installs, each loaded once per page).
/// See the README's "Reading edition" section.
/// </summary>
public static class ReadingSite
{
    /// <summary>Where scripts/setup installs the npm packages, relative to the repository root.</summary>
    public const string WebPackages = ".tools/web/node_modules";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public sealed record Page(string Notebook, string Title, string? Question, string Mode, string File);

    /// <summary>Writes index.html, one page per notebook and assets/ (plotly.js, KaTeX) into <paramref name="site"/>.</summary>
    public static IReadOnlyList<Page> WriteSite(IReadOnlyList<string> executed, string repository, string site)
    {
        Directory.CreateDirectory(site);
        CopyAssets(repository, Path.Combine(site, "assets"));
        var pages = executed.Select(path =>
        {
            var notebook = NotebookFile.Load(path);
            var name = Path.GetFileNameWithoutExtension(path);
            return (Notebook: notebook, Page: new Page(Path.GetFileName(path), notebook.Title ?? name, notebook.Question, ExecutedNotebook.ModeOf(notebook), name + ".html"));
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
        File.WriteAllText(Path.Combine(assets, "reading.css"), ReadingSiteAssets.Css);
        File.WriteAllText(Path.Combine(assets, "reading.js"), ReadingSiteAssets.Script);
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
                html.Append("<section class=\"prose\">").Append(Markdig.Markdown.ToHtml(MarkdownMath.Prepare(source), Markdown)).Append("</section>\n");
                continue;
            }
            if ((string?)cell["cell_type"] != "code" || string.IsNullOrWhiteSpace(source)) continue;
            codeNumber++;
            html.Append($"<details class=\"code\"{(codeNumber == 1 ? "" : " open")}><summary>code</summary><pre><code>{E(source)}</code></pre></details>\n");
            foreach (var output in cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [])
                html.Append(OutputHtml.Render(output)).Append('\n');
        }
        html.Append("</main>\n<script src=\"assets/reading.js\"></script>\n</body></html>\n");
        return html.ToString();
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
}
