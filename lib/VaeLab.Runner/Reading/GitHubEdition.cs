using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VaeLab.Apps;

namespace VaeLab.Runner;

/// <summary>
/// The executed notebooks GitHub can display (committed in reading/): every chart replaced by a static PNG taken with
/// headless Chromium, since GitHub strips scripts and iframes; each records the digest of the source it was run from.
/// </summary>
public static partial class GitHubEdition
{
    /// <summary>The GitHub edition's folder (committed), relative to the repository root.</summary>
    public const string Folder = "reading";

    /// <summary>One notebook's GitHub edition against its source: current, stale, missing or orphan.</summary>
    public sealed record Freshness(string Notebook, string State);

    /// <summary>Which pages of the committed GitHub edition are stale against the current notebook sources.</summary>
    public static IReadOnlyList<Freshness> Check(string repository)
    {
        var results = new List<Freshness>();
        var notebooks = Repository.ExpandNotebooks([], repository);
        var folder = Path.Combine(repository, Folder);
        foreach (var notebook in notebooks)
        {
            var name = Path.GetFileName(notebook);
            var edition = Path.Combine(folder, name);
            if (!File.Exists(edition)) { results.Add(new(name, "missing")); continue; }
            var recorded = (string?)NotebookFile.Load(edition).Root["metadata"]?["vaelab"]?["source_sha256"];
            results.Add(new(name, recorded == ExecutedNotebook.SourceDigest(NotebookFile.Load(notebook)) ? "current" : "stale"));
        }
        if (Directory.Exists(folder))
            foreach (var file in Directory.GetFiles(folder, "*.ipynb").Select(Path.GetFileName).Order())
                if (!notebooks.Any(n => Path.GetFileName(n) == file)) results.Add(new(file!, "orphan"));
        return results;
    }

    /// <summary>
    /// The executed notebook as GitHub can show it: each chart (an iframe GitHub would strip) becomes a PNG taken with
    /// headless Chromium from the chart's page with the local plotly.js; the source digest goes into the metadata.
    /// </summary>
    public static NotebookFile Render(NotebookFile executed, NotebookFile source, string plotlyJs, string chromium, string scratch, TextWriter log)
    {
        Directory.CreateDirectory(scratch);
        var count = 0;
        foreach (var cell in executed.CodeCells)
        {
            foreach (var output in cell["outputs"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (output["data"] is not JsonObject data || data["text/html"] is not { } html || OutputHtml.ChartPage(NotebookFile.Text(html)) is not { } page) continue;
                count++;
                var local = OutputHtml.PlotlyCdn().Replace(page, m => m.Groups[1].Value + new Uri(plotlyJs).AbsoluteUri + m.Groups[3].Value);
                var file = Path.Combine(scratch, $"chart-{count:D2}.html");
                File.WriteAllText(file, local.Replace("</head>", "<style>.modebar-container{display:none !important}</style></head>"));
                var png = Path.ChangeExtension(file, "png");
                var height = (LayoutHeight().Match(page) is { Success: true } h ? int.Parse(h.Groups[1].Value) : DivHeight().Match(page) is { Success: true } d ? int.Parse(d.Groups[1].Value) : 500) + 20;
                var drawn = Verify.ChartDrawn(chromium, file);
                if (drawn is not null) throw new InvalidOperationException($"chart {count} ({ChartTitle.Of(page)}) is blank: {drawn}");
                var error = Chromium.Screenshot(chromium, file, png, 920, height);
                if (error is not null) throw new InvalidOperationException($"chart {count}: {error}");
                var title = ChartTitle.Of(page);
                output["data"] = new JsonObject
                {
                    ["image/png"] = Convert.ToBase64String(File.ReadAllBytes(png)),
                    ["text/plain"] = $"chart: {title ?? "untitled"} (a static picture; the interactive chart is in the HTML reading edition)",
                };
                log.WriteLine($"    chart {count}: {title}");
            }
        }
        var metadata = executed.Root["metadata"] as JsonObject ?? new JsonObject();
        metadata["vaelab"] = new JsonObject { ["source_sha256"] = ExecutedNotebook.SourceDigest(source), ["mode"] = ExecutedNotebook.ModeOf(executed), ["edition"] = "reading: charts as static PNG pictures" };
        executed.Root["metadata"] = metadata;
        return executed;
    }

    [GeneratedRegex("\"height\":\\s*(\\d+)")]
    private static partial Regex LayoutHeight();

    [GeneratedRegex("height:\\s*(\\d+)px")]
    private static partial Regex DivHeight();
}
