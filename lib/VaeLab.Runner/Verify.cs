using System.Text.Json;
using System.Text.RegularExpressions;

namespace VaeLab.Runner;

/// <summary>The reading edition as a reader sees it: each page opened in headless Chromium with the network off.</summary>
public static partial class Verify
{
    public sealed record PageCheck(string Page, int Charts, int Blank, int Math, int Typeset, int MathErrors, IReadOnlyList<string> External, string? Problem)
    {
        public bool Passed => Problem is null;
    }

    /// <summary>Opens every page of the site, reads what its script recorded, and screenshots it into screenshots/.</summary>
    public static IReadOnlyList<PageCheck> Site(string chromium, string site, TextWriter log)
    {
        var results = new List<PageCheck>();
        var shots = Path.Combine(site, "screenshots");
        Directory.CreateDirectory(shots);
        var chinese = Path.Combine(site, "zh");
        var pages = Directory.GetFiles(site, "*.html").Order(StringComparer.Ordinal)
            .Concat(Directory.Exists(chinese) ? Directory.GetFiles(chinese, "*.html").Order(StringComparer.Ordinal) : []);
        foreach (var page in pages)
        {
            var label = Path.GetRelativePath(site, page).Replace('\\', '/');
            var html = File.ReadAllText(page);
            var external = External().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
            var dom = Chromium.DumpDom(chromium, page);
            var check = Record().Match(dom);
            PageCheck result;
            if (!check.Success)
            {
                result = new PageCheck(label, 0, 0, 0, 0, 0, external, "the page's check never ran (scripts failed to load?)");
            }
            else
            {
                using var json = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(check.Groups[1].Value));
                var r = json.RootElement;
                var charts = r.GetProperty("charts").GetInt32();
                var blank = r.GetProperty("blank").EnumerateArray().Select(b => b.GetInt32()).ToList();
                var math = r.GetProperty("math").GetInt32();
                var typeset = r.GetProperty("typeset").GetInt32();
                var errors = r.GetProperty("errors").GetInt32();
                var problems = new List<string>();
                if (blank.Count > 0) problems.Add($"blank chart(s) number {string.Join(", ", blank)} of {charts}");
                if (typeset < math) problems.Add($"{math - typeset} of {math} formulas not typeset");
                if (errors > 0) problems.Add($"{errors} KaTeX error(s)");
                var raw = r.TryGetProperty("raw", out var rawCount) ? rawCount.GetInt32() : 0;
                if (raw > 0) problems.Add($"{raw} '$' left in the prose (TeX not recognised as math)");
                var cut = r.TryGetProperty("cut", out var cutCount) ? cutCount.GetInt32() : 0;
                if (cut > 0) problems.Add($"{cut} printed output or code block(s) wider than the page, cut at the box edge (wrap them)");
                if (r.TryGetProperty("tofu", out var tofu) && tofu.GetBoolean())
                    problems.Add($"its {r.GetProperty("cjk").GetInt32()} Chinese characters are drawn as boxes (no CJK font: apt-get install fonts-noto-cjk, as scripts/setup does)");
                if (external.Count > 0) problems.Add($"loads from the network: {string.Join(", ", external)}");
                result = new PageCheck(label, charts, blank.Count, math, typeset, errors, external, problems.Count == 0 ? null : string.Join("; ", problems));
            }
            var shot = Path.Combine(shots, Path.ChangeExtension(label, null).Replace('/', '-') + ".png");
            Chromium.Screenshot(chromium, page, shot, 1100, 12000);
            log.WriteLine($"{(result.Passed ? "ok    " : "FAILED")} {result.Page,-45} {result.Charts,3} charts drawn{(result.Blank > 0 ? $" ({result.Blank} blank)" : "")}, {result.Typeset,4}/{result.Math} formulas typeset{(result.Problem is null ? "" : "  " + result.Problem)}");
            results.Add(result);
        }
        return results;
    }

    /// <summary>Null when the chart page (a single plotly chart) draws marks offline, else what is wrong.</summary>
    public static string? ChartDrawn(string chromium, string chartPage)
    {
        var probe = chartPage + ".check.html";
        var page = File.ReadAllText(chartPage);
        const string script = """
            <script>window.addEventListener('load', function () { setTimeout(function () {
              var svg = document.querySelector('svg.main-svg'); var drawn = 0;
              document.querySelectorAll('g.trace path, g.trace .point, g.hm image, g.heatmaplayer image, g.imagelayer image').forEach(function (m) {
                var d = m.getAttribute('d'); if (m.tagName !== 'path' || (d && d.length > 4 && d.indexOf('M') >= 0)) drawn++; });
              document.body.setAttribute('data-reading-check', JSON.stringify({ charts: svg ? 1 : 0, blank: svg && drawn > 0 ? [] : [1], math: 0, typeset: 0, errors: 0 }));
            }, 1000); });</script>
            """;
        var at = page.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        File.WriteAllText(probe, at >= 0 ? page.Insert(at, script) : page + script);
        try
        {
            var dom = Chromium.DumpDom(chromium, probe);
            var check = Record().Match(dom);
            if (!check.Success) return "its check never ran";
            return check.Groups[1].Value.Contains("\"blank\":[]", StringComparison.Ordinal) || check.Groups[1].Value.Contains("&quot;blank&quot;:[]", StringComparison.Ordinal)
                ? null : "no trace drawn (is plotly.js loading?)";
        }
        finally
        {
            File.Delete(probe);
        }
    }

    [GeneratedRegex("data-reading-check=\"([^\"]*)\"")]
    private static partial Regex Record();

    [GeneratedRegex("<(?:script|link|img|iframe)\\b[^>]*\\b(?:src|href)=\"(https?://[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex External();
}
