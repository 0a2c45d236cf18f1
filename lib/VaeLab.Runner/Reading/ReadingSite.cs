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

    /// <summary>What differs between the English site (the root) and the Chinese one (zh/, sharing the root's assets).</summary>
    public sealed record Language(string Code, string AssetPrefix, string SwitchLabel, string SwitchPrefix, string IndexTitle,
        string IndexIntro, string Columns, string ExecutedIn);

    public static readonly Language English = new("en", "assets/", "中文", "zh/", "VaeLab — the reading edition",
        "Variational inference in C#, one notebook at a time: every notebook as executed, with its outputs, charts and figures. " +
        "This site works offline; the notebooks themselves are in <code>notebooks/</code>.",
        "<th>#</th><th>notebook</th><th>question</th><th>mode</th>", "executed in {0} mode");

    public static readonly Language Chinese = new("zh-CN", "../assets/", "English", "../", "VaeLab — 阅读版（中文）",
        "用 C# 讲授变分推断，一次一个 notebook：每个 notebook 都附带执行后的输出、图表和图像。本网站可离线使用；中文 notebook 位于 " +
        "<code>notebooks-zh/</code>。<b>程序打印的输出保持英文</b>：中文 notebook 的代码与英文版逐字节相同，输出取自英文版的同一次运行。",
        "<th>#</th><th>notebook</th><th>问题</th><th>模式</th>", "以 {0} 模式执行");

    /// <summary>Writes index.html, one page per notebook and assets/ (plotly.js, KaTeX) into <paramref name="site"/>.
    /// Pages whose file name is in <paramref name="chinesePages"/> link to their Chinese page in zh/.</summary>
    public static IReadOnlyList<Page> WriteSite(IReadOnlyList<string> executed, string repository, string site, IReadOnlySet<string>? chinesePages = null)
    {
        CopyAssets(repository, Path.Combine(site, "assets"));
        return WritePages(executed.Select(p => (Path.GetFileName(p), NotebookFile.Load(p))).ToList(), site, English, chinesePages ?? new HashSet<string>());
    }

    /// <summary>Writes the Chinese pages into <paramref name="site"/>/zh, linking back to the English pages.</summary>
    public static IReadOnlyList<Page> WriteChineseSite(IReadOnlyList<(string Name, NotebookFile Notebook)> composed, string site, IReadOnlySet<string> englishPages) =>
        WritePages(composed, Path.Combine(site, "zh"), Chinese, englishPages);

    private static IReadOnlyList<Page> WritePages(IReadOnlyList<(string Name, NotebookFile Notebook)> notebooks, string folder, Language language, IReadOnlySet<string> otherLanguage)
    {
        Directory.CreateDirectory(folder);
        var pages = notebooks.Select(n =>
        {
            var name = Path.GetFileNameWithoutExtension(n.Name);
            return (n.Notebook, Page: new Page(n.Name, n.Notebook.Title ?? name, n.Notebook.Question, ExecutedNotebook.ModeOf(n.Notebook), name + ".html"));
        }).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var previous = i > 0 ? pages[i - 1].Page : null;
            var next = i + 1 < pages.Count ? pages[i + 1].Page : null;
            var other = otherLanguage.Contains(pages[i].Page.File) ? language.SwitchPrefix + pages[i].Page.File : null;
            File.WriteAllText(Path.Combine(folder, pages[i].Page.File), RenderPage(pages[i].Notebook, pages[i].Page, previous, next, language, other));
        }
        File.WriteAllText(Path.Combine(folder, "index.html"), RenderIndex(pages.Select(p => p.Page).ToList(), language, otherLanguage.Count > 0 ? language.SwitchPrefix + "index.html" : null));
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

    internal static string RenderPage(NotebookFile notebook, Page page, Page? previous, Page? next, Language language, string? otherLanguage)
    {
        var html = new StringBuilder();
        html.Append(Head(page.Title, language));
        html.Append("<nav><a href=\"index.html\">VaeLab</a>");
        if (previous is not null) html.Append($" · <a href=\"{previous.File}\">← {E(previous.Title)}</a>");
        if (next is not null) html.Append($" · <a href=\"{next.File}\">{E(next.Title)} →</a>");
        html.Append(Switch(language, otherLanguage));
        html.Append($"<span class=\"mode\">{E(string.Format(language.ExecutedIn, page.Mode))}</span></nav>\n<main>\n");
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
        html.Append($"</main>\n<script src=\"{language.AssetPrefix}reading.js\"></script>\n</body></html>\n");
        return html.ToString();
    }

    private static string Switch(Language language, string? otherLanguage) =>
        otherLanguage is null ? "" : $" · <a class=\"language\" href=\"{otherLanguage}\" hreflang=\"{(language == English ? "zh-CN" : "en")}\">{language.SwitchLabel}</a>";

    private static string RenderIndex(IReadOnlyList<Page> pages, Language language, string? otherLanguage)
    {
        var html = new StringBuilder(Head(language.IndexTitle, language));
        if (otherLanguage is not null) html.Append($"<nav><a href=\"index.html\">VaeLab</a>{Switch(language, otherLanguage)}</nav>\n");
        html.Append($"<main><section class=\"prose\"><h1>{E(language.IndexTitle)}</h1>");
        html.Append($"<p>{language.IndexIntro}</p>");
        html.Append($"<table><thead><tr>{language.Columns}</tr></thead><tbody>");
        foreach (var p in pages)
            html.Append($"<tr><td>{E(p.Notebook[..2])}</td><td><a href=\"{p.File}\">{E(p.Title)}</a></td><td>{E(p.Question ?? "")}</td><td>{E(p.Mode)}</td></tr>");
        html.Append($"</tbody></table></section></main>\n<script src=\"{language.AssetPrefix}reading.js\"></script>\n</body></html>\n");
        return html.ToString();
    }

    private static string Head(string title, Language language) =>
        $"<!DOCTYPE html>\n<html lang=\"{language.Code}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>" +
        $"<title>{E(title)}</title><link rel=\"stylesheet\" href=\"{language.AssetPrefix}katex/katex.min.css\"/><link rel=\"stylesheet\" href=\"{language.AssetPrefix}reading.css\"/>" +
        $"<script src=\"{language.AssetPrefix}plotly.min.js\"></script><script src=\"{language.AssetPrefix}katex/katex.min.js\"></script></head>\n<body>\n";
}
