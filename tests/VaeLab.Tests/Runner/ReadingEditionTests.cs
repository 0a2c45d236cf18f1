using System.Net;
using System.Text.Json.Nodes;

namespace VaeLab.Tests.Runner;

/// <summary>The reading edition as a reader meets it: built from an executed notebook, opened in headless Chromium
/// with the network off. Needs what scripts/setup installs (npm plotly.js and KaTeX in .tools/web, Debian's chromium).</summary>
public class ReadingEditionTests
{
    private static string ChartIframe(string title, string data) =>
        "<iframe srcdoc=\"" + WebUtility.HtmlEncode(
            "<!DOCTYPE html>\n<html><head><script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\" charset=\"utf-8\"></script></head><body>" +
            $"<div id=\"c-{title.Length}\"></div><script type=\"text/javascript\">var data = {data}; var layout = {{\"title\":{{\"text\":\"{title}\"}},\"height\":300}};" +
            $"Plotly.newPlot('c-{title.Length}', data, layout, {{}});</script></body></html>") + "\" style=\"width:100%;height:330px;border:none\"></iframe>";

    /// <summary>An executed notebook with prose and math, the session line, and two charts.</summary>
    private static string ExecutedFixture()
    {
        var folder = Directory.CreateTempSubdirectory("vaelab-reading-in-").FullName;
        JsonObject Html(string html) => new() { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = html }, ["metadata"] = new JsonObject() };
        var cells = new JsonArray
        {
            new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = "# 00 · A fixture\n\n**Question: does it read offline?**\n\nInline $\\mathbb{E}_{q}[\\log p(x\\mid z)]$ and display\n\n$$\\mathrm{ELBO} = \\log p(x) - \\mathrm{KL}(q \\,\\|\\, p)$$\n\n" +
                "A formula over two lines, with braces in its first, as notebook 07 writes them:\n\n$$z_q = \\mathrm{sg}\\!\\left[\\lambda R\\right] z_e,\n\\qquad \\lambda = \\frac{a}{b}.$$\n\nAn inline one broken over lines, $g = \\partial L/\\partial z_q =\n(0.5, -1)$, as in notebook 07.\n" },
            new JsonObject
            {
                ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["execution_count"] = 1, ["source"] = "var session = Session.Start();",
                ["outputs"] = new JsonArray
                {
                    new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "VaeLab session: full mode, seed 42\n" },
                    // A printed verdict far wider than the page (notebook 05 prints such lines): it must wrap, not be cut.
                    new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "Highest MIG in the sweep: " + string.Concat(Enumerable.Repeat("β = 8, seed 3, its distortion +31.4 nats; ", 12)) + "end.\n" },
                    Html(ChartIframe("first chart", "[{\"type\":\"scatter\",\"x\":[1,2,3],\"y\":[1,4,9]}]")),
                    Html(ChartIframe("second chart", "[{\"type\":\"bar\",\"x\":[\"a\",\"b\"],\"y\":[3,5]}]")),
                },
            },
        };
        var notebook = new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        // Named after notebook 00 so the GitHub edition finds a source to record the digest of.
        File.WriteAllText(Path.Combine(folder, "00-setup-and-tour.ipynb"), notebook.ToJsonString());
        return folder;
    }

    [Fact]
    public void The_site_draws_every_chart_and_formula_offline_and_the_check_fails_on_a_blank_chart()
    {
        var input = ExecutedFixture();
        var site = Directory.CreateTempSubdirectory("vaelab-reading-site-").FullName;
        var github = Directory.CreateTempSubdirectory("vaelab-reading-gh-").FullName;
        var build = RunnerProcess.Run(TimeSpan.FromMinutes(5), "reading", "--input", input, "--site", site, "--github", github);
        Assert.True(build.ExitCode == 0, build.Output);

        var page = File.ReadAllText(Path.Combine(site, "00-setup-and-tour.html"));
        Assert.Equal(1, Count(page, "<script src=\"assets/plotly.min.js\">"));
        Assert.Equal(1, Count(page, "<script src=\"assets/katex/katex.min.js\">"));
        Assert.DoesNotContain("cdn.plot.ly", page);
        Assert.DoesNotContain("<iframe", page);
        Assert.Contains("does it read offline?", File.ReadAllText(Path.Combine(site, "index.html")));

        var verify = RunnerProcess.Run(TimeSpan.FromMinutes(5), "verify-reading", "--site", site);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("2 charts drawn,    4/4 formulas typeset", verify.Output);
        Assert.Equal(2, Count(page, "<div class=\"math\">"));   // both $$ formulas in display style
        Assert.True(File.Exists(Path.Combine(site, "screenshots", "00-setup-and-tour.png")));

        // GitHub's edition: charts are pictures, not scripts, and the source digest is recorded.
        var edition = JsonNode.Parse(File.ReadAllText(Path.Combine(github, "00-setup-and-tour.ipynb")))!;
        var outputs = edition["cells"]![1]!["outputs"]!.AsArray();
        Assert.Equal(2, outputs.Count(o => o!["data"]?["image/png"] is not null));
        Assert.DoesNotContain(outputs, o => o!["data"]?["text/html"] is not null);
        Assert.Equal(64, ((string?)edition["metadata"]!["vaelab"]!["source_sha256"])!.Length);

        // Without the wrapping rule the long verdict is cut at the box edge: the check must say so and fail.
        var pagePath = Path.Combine(site, "00-setup-and-tour.html");
        File.WriteAllText(pagePath, page.Replace("</head>", "<style>pre { white-space: pre !important; }</style></head>"));
        var cut = RunnerProcess.Run(TimeSpan.FromMinutes(5), "verify-reading", "--site", site);
        Assert.NotEqual(0, cut.ExitCode);
        Assert.Contains("cut at the box edge", cut.Output);
        File.WriteAllText(pagePath, page);

        // A reader without plotly.js would see blank charts: the check must say so and fail.
        File.WriteAllText(Path.Combine(site, "assets", "plotly.min.js"), "");
        var blank = RunnerProcess.Run(TimeSpan.FromMinutes(5), "verify-reading", "--site", site);
        Assert.NotEqual(0, blank.ExitCode);
        Assert.Contains("blank chart(s) number 1, 2 of 2", blank.Output);
    }

    [Fact]
    public void Chinese_pages_show_the_English_run_link_both_ways_and_the_check_fails_when_Chinese_is_drawn_as_boxes()
    {
        // The repository's notebook 00 as if executed: its code exactly, the session line as its first output.
        var input = Directory.CreateTempSubdirectory("vaelab-reading-zh-in-").FullName;
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "00-setup-and-tour.ipynb")))!;
        var firstCode = notebook["cells"]!.AsArray().First(c => (string?)c!["cell_type"] == "code")!;
        firstCode["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "VaeLab session: full mode, seed 42 (a printed line)\n" });
        File.WriteAllText(Path.Combine(input, "00-setup-and-tour.ipynb"), notebook.ToJsonString());
        var site = Directory.CreateTempSubdirectory("vaelab-reading-zh-site-").FullName;
        var github = Directory.CreateTempSubdirectory("vaelab-reading-zh-gh-").FullName;

        var build = RunnerProcess.Run(TimeSpan.FromMinutes(5), "reading", "--input", input, "--site", site, "--github", github);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("1 Chinese pages", build.Output);
        var chinese = File.ReadAllText(Path.Combine(site, "zh", "00-setup-and-tour.html"));
        Assert.Contains("环境准备与导览", chinese);
        Assert.Contains("VaeLab session: full mode, seed 42 (a printed line)", chinese);
        Assert.Contains("<html lang=\"zh-CN\">", chinese);
        Assert.Contains("href=\"../00-setup-and-tour.html\"", chinese);
        Assert.Contains("<script src=\"../assets/katex/katex.min.js\">", chinese);
        Assert.Contains("href=\"zh/00-setup-and-tour.html\"", File.ReadAllText(Path.Combine(site, "00-setup-and-tour.html")));
        Assert.Contains("href=\"zh/index.html\"", File.ReadAllText(Path.Combine(site, "index.html")));
        Assert.True(File.Exists(Path.Combine(github, "zh", "00-setup-and-tour.ipynb")));

        var verify = RunnerProcess.Run(TimeSpan.FromMinutes(5), "verify-reading", "--site", site);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Matches(@"ok +zh/00-setup-and-tour\.html", verify.Output);
        Assert.True(File.Exists(Path.Combine(site, "screenshots", "zh-00-setup-and-tour.png")));

        // The same pages in a Chromium that finds no fonts at all: the Chinese text is boxes, and the check says so.
        var noFonts = Path.Combine(site, "no-fonts.conf");
        File.WriteAllText(noFonts, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig></fontconfig>\n");
        var boxes = RunnerProcess.Run(TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["FONTCONFIG_FILE"] = noFonts }, "verify-reading", "--site", site);
        Assert.NotEqual(0, boxes.ExitCode);
        Assert.Matches(@"FAILED zh/00-setup-and-tour\.html.*Chinese characters are drawn as boxes", boxes.Output);
    }

    [Fact]
    public void Quick_mode_executions_are_refused_unless_allowed()
    {
        var input = ExecutedFixture();
        var file = Path.Combine(input, "00-setup-and-tour.ipynb");
        File.WriteAllText(file, File.ReadAllText(file).Replace("full mode", "quick mode"));
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(2), "reading", "--input", input, "--site", Path.Combine(input, "site"), "--github", Path.Combine(input, "gh"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was executed in quick mode", result.Output);
    }

    [Fact]
    public void The_staleness_check_names_every_notebook_with_its_state()
    {
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(2), "reading", "--check");
        foreach (var notebook in Directory.GetFiles(RepositoryPaths.Notebooks, "*.ipynb").Select(Path.GetFileName))
            Assert.Matches($"(current|stale|missing) +reading/{System.Text.RegularExpressions.Regex.Escape(notebook!)}", result.Output);
        Assert.Equal(result.Output.Contains("The reading edition is current.") ? 0 : 1, result.ExitCode);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
