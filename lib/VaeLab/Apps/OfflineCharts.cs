using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VaeLab.Apps;

/// <summary>
/// Charts without a network: the chart pages Plotly.NET and XPlot.Plotly write load plotly.js from cdn.plot.ly;
/// these helpers point them at the copy <c>scripts/setup</c> installs (npm <c>plotly.js-dist-min</c> 2.x, which
/// still reads XPlot's plotly.js 1.x layouts) and take a static PNG of a page with headless Chromium when one is
/// installed (Debian's <c>chromium</c>).
/// </summary>
public static partial class OfflineCharts
{
    /// <summary>Where <c>scripts/setup</c> installs the npm packages, relative to the repository root.</summary>
    public const string PlotlyInRepository = ".tools/web/node_modules/plotly.js-dist-min/plotly.min.js";

    /// <summary>Environment variable that overrides the Chromium executable.</summary>
    public const string ChromiumVariable = "VAELAB_CHROMIUM";

    /// <summary>Replaces every plotly.js script loaded from cdn.plot.ly by <paramref name="localSource"/>.</summary>
    public static string UseLocalPlotly(string page, string localSource) =>
        CdnScript().Replace(page, m => $"{m.Groups[1].Value}{localSource}{m.Groups[3].Value}");

    /// <summary>True when the page loads plotly.js from its CDN.</summary>
    public static bool LoadsPlotlyFromCdn(string page) => CdnScript().IsMatch(page);

    /// <summary>The local plotly.min.js under <paramref name="repositoryRoot"/>, or null.</summary>
    public static string? FindPlotly(string? repositoryRoot)
    {
        if (repositoryRoot is null) return null;
        var path = Path.Combine(repositoryRoot, PlotlyInRepository);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The Chromium executable: <c>$VAELAB_CHROMIUM</c>, else chromium / chromium-browser / google-chrome on PATH.</summary>
    public static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>
    /// Screenshots a local HTML page with headless Chromium, with every network request refused.
    /// Returns null on success, else why it failed.
    /// </summary>
    public static string? Screenshot(string chromium, string page, string png, int width, int height, TimeSpan? timeout = null)
    {
        // The picture leaves out plotly's hover toolbar: a copy of the page with it hidden, removed afterwards.
        var shot = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(page))!, $".shot-{Guid.NewGuid():N}.html");
        File.WriteAllText(shot, HideModeBar(File.ReadAllText(page)));
        try
        {
            return ScreenshotPage(chromium, shot, png, width, height, timeout);
        }
        finally
        {
            File.Delete(shot);
        }
    }

    /// <summary>The page with plotly's mode bar hidden (for static pictures).</summary>
    public static string HideModeBar(string page)
    {
        const string style = "<style>.modebar-container{display:none !important}</style>";
        var head = page.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        return head >= 0 ? page.Insert(head, style) : style + page;
    }

    private static string? ScreenshotPage(string chromium, string page, string png, int width, int height, TimeSpan? timeout)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
                     "--virtual-time-budget=10000", $"--window-size={width},{height}", $"--screenshot={Path.GetFullPath(png)}",
                     new Uri(Path.GetFullPath(page)).AbsoluteUri,
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {chromium}.");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            return "Chromium did not finish in time";
        }
        return process.ExitCode == 0 && File.Exists(png) ? null : $"Chromium exited with {process.ExitCode}: {errors.Result.Trim().Split('\n').LastOrDefault()}";
    }

    /// <summary>The height a chart page asks for (Plotly.NET's layout height or XPlot's div height), else 500.</summary>
    public static int PageHeight(string page)
    {
        foreach (var pattern in new[] { LayoutHeight(), DivHeight() })
            if (pattern.Match(page) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var h) && h is > 50 and < 5000)
                return h;
        return 500;
    }

    [GeneratedRegex("(<script[^>]*\\bsrc=\")(https?://cdn\\.plot\\.ly/[^\"]+)(\")", RegexOptions.IgnoreCase)]
    private static partial Regex CdnScript();

    [GeneratedRegex("\"height\":\\s*(\\d+)")]
    private static partial Regex LayoutHeight();

    [GeneratedRegex("height:\\s*(\\d+)px")]
    private static partial Regex DivHeight();
}
