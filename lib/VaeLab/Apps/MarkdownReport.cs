using System.Collections;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using VaeLab.Common;
using VaeLab.Plotting;

namespace VaeLab.Apps;

/// <summary>
/// The report a file-based app writes: the notebook's prose, each code cell folded under "code", and every output in
/// order — printed text, values a notebook would display, PNG image grids, SVG diagrams, and charts as an HTML page
/// (plotly.js from the local copy when there is one) plus a static PNG taken with headless Chromium when installed.
/// </summary>
public sealed partial class MarkdownReport
{
    private readonly List<string> blocks = [];
    private readonly StringBuilder printed = new();
    private readonly string? plotly;
    private readonly string? chromium;
    private readonly object gate = new();
    private bool plotlyCopied;
    private int figures;

    /// <param name="directory">Where report.md and the figure files go (created if missing).</param>
    /// <param name="plotlyJs">A local plotly.min.js to copy beside the charts, or null to keep the CDN link.</param>
    /// <param name="chromium">A Chromium executable for static chart images, or null for none.</param>
    public MarkdownReport(string directory, string? plotlyJs, string? chromium)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        plotly = plotlyJs;
        this.chromium = plotlyJs is null ? null : chromium;
    }

    public string Directory { get; }

    public string ReportPath => Path.Combine(Directory, "report.md");

    /// <summary>Why charts have no static image, or null when they get one.</summary>
    public string? ChartImageLimitation =>
        plotly is null ? $"no local plotly.js ({OfflineCharts.PlotlyInRepository}; run scripts/setup): charts load plotly.js from its CDN and have no static image"
        : chromium is null ? "no Chromium found (apt-get install chromium, or set VAELAB_CHROMIUM): charts have no static image"
        : null;

    public void AddMarkdown(string markdown) => AddBlock(markdown.Trim());

    public void AddCode(string source)
    {
        var fence = source.Contains("```", StringComparison.Ordinal) ? "````" : "```";
        AddBlock($"<details><summary>code</summary>\n\n{fence}csharp\n{source.Trim()}\n{fence}\n\n</details>");
    }

    /// <summary>Text the program printed; consecutive prints form one block.</summary>
    public void AddPrinted(string text)
    {
        lock (gate) printed.Append(text);
    }

    /// <summary>Adds a displayed value and returns a one-line description for the terminal.</summary>
    public string AddValue(object? value)
    {
        switch (value)
        {
            case null:
                AddBlock(TextBlock("null"));
                return "null";
            case string text:
                AddBlock(TextBlock(text));
                return text;
            case ImageGrid grid:
            {
                var file = NextFile("png");
                grid.Save(Path.Combine(Directory, file));
                AddBlock($"![{Alt(grid.Title ?? "image grid")}]({file})");
                return $"[figure {file}{(grid.Title is null ? "" : ": " + grid.Title)}]";
            }
            case Plotly.NET.GenericChart chart:
                return AddChart(Plotly.NET.GenericChart.toEmbeddedHTML(chart));
            case XPlot.Plotly.PlotlyChart chart:
                return AddChart(chart.GetHtml());
            case HtmlOutput html:
                return AddHtml(html.Html);
            case Microsoft.AspNetCore.Html.IHtmlContent content:
            {
                using var writer = new StringWriter();
                content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
                return AddHtml(writer.ToString());
            }
            case torch.Tensor tensor:
            {
                var text = VaeLab.Notebook.Formatters.Describe(tensor);
                AddBlock(TextBlock(text));
                return text;
            }
            case IEnumerable items and not IDictionary:
            {
                var lines = items.Cast<object?>().Take(200).Select(i => i?.ToString() ?? "null").ToList();
                var text = string.Join("\n", lines);
                AddBlock(TextBlock(text));
                return text;
            }
            default:
            {
                var text = value.ToString() ?? value.GetType().Name;
                AddBlock(TextBlock(text));
                return text;
            }
        }
    }

    /// <summary>Writes report.md (atomically) and returns its path.</summary>
    public string Save(string? failure = null)
    {
        lock (gate)
        {
            FlushPrinted();
            var text = string.Join("\n\n", blocks) + "\n";
            if (failure is not null) text += $"\n**The run stopped with an error:**\n\n{TextBlock(failure)}\n";
            AtomicFile.Write(ReportPath, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
            return ReportPath;
        }
    }

    private string AddChart(string page)
    {
        var html = NextFile("html");
        var title = ChartTitle.Of(page) ?? "chart";
        if (plotly is not null)
        {
            lock (gate)
            {
                if (!plotlyCopied) File.Copy(plotly, Path.Combine(Directory, "plotly.min.js"), overwrite: true);
                plotlyCopied = true;
            }
            page = OfflineCharts.UseLocalPlotly(page, "plotly.min.js");
        }
        File.WriteAllText(Path.Combine(Directory, html), page);
        if (chromium is not null)
        {
            var png = Path.ChangeExtension(html, "png");
            var error = OfflineCharts.Screenshot(chromium, Path.Combine(Directory, html), Path.Combine(Directory, png), 900, OfflineCharts.PageHeight(page) + 20);
            if (error is null)
            {
                AddBlock($"![{Alt(title)}]({png})\n\n[{Alt(title)}: interactive chart]({html})");
                return $"[chart {png} and {html}: {title}]";
            }
            AddBlock($"[{Alt(title)}: interactive chart]({html}) (no static image: {error})");
            return $"[chart {html}: {title}; no static image: {error}]";
        }
        AddBlock($"[{Alt(title)}: interactive chart]({html})");
        return $"[chart {html}: {title}]";
    }

    private string AddHtml(string html)
    {
        var svgs = Svg().Matches(html).Select(m => m.Value).ToList();
        var rest = Svg().Replace(html, "");
        if (svgs.Count > 0 && Tag().Replace(rest, "").Trim().Length == 0)
        {
            var links = new List<string>();
            foreach (var svg in svgs)
            {
                var file = NextFile("svg");
                var standalone = svg.Contains("xmlns=", StringComparison.Ordinal) ? svg : svg.Replace("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(Directory, file), standalone);
                links.Add($"![{Alt(SvgTitle(svg) ?? "diagram")}]({file})");
            }
            AddBlock(string.Join("\n", links));
            return $"[diagram {string.Join(", ", links)}]";
        }
        AddBlock(html.Trim());
        return WebUtility.HtmlDecode(Tag().Replace(html, " ")).Trim();
    }

    private void AddBlock(string block)
    {
        lock (gate)
        {
            FlushPrinted();
            if (block.Length > 0) blocks.Add(block);
        }
    }

    private void FlushPrinted()
    {
        if (printed.Length == 0) return;
        blocks.Add(TextBlock(printed.ToString().TrimEnd('\n', '\r')));
        printed.Clear();
    }

    private string NextFile(string extension)
    {
        lock (gate) return $"figure-{++figures:D2}.{extension}";
    }

    internal static string TextBlock(string text)
    {
        var fence = text.Contains("```", StringComparison.Ordinal) ? "````" : "```";
        return $"{fence}text\n{text}\n{fence}";
    }

    private static string Alt(string text) => text.Replace("[", "(").Replace("]", ")").Replace("\n", " ");

    private static string? SvgTitle(string svg) =>
        SvgText().Match(svg) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<svg\\b.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("<text\\b[^>]*>([^<]+)</text>")]
    private static partial Regex SvgText();
}
