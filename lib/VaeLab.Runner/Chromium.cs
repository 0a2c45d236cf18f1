using System.Diagnostics;

namespace VaeLab.Runner;

/// <summary>Headless Chromium with every network request refused: screenshots and the rendered DOM of local pages.
/// (The library's VaeLab.Apps.OfflineCharts does the same for the apps; the runner does not reference the library.)</summary>
public static class Chromium
{
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("VAELAB_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Screenshots a local page; null on success, else why not.</summary>
    public static string? Screenshot(string chromium, string page, string png, int width, int height)
    {
        var (code, _, errors) = Run(chromium, page, [$"--window-size={width},{height}", $"--screenshot={Path.GetFullPath(png)}"]);
        return code == 0 && File.Exists(png) ? null : $"Chromium exited with {code}: {errors.Trim().Split('\n').LastOrDefault()}";
    }

    /// <summary>The page's DOM after its scripts ran (and timers, within a virtual time budget).</summary>
    public static string DumpDom(string chromium, string page)
    {
        var (code, dom, errors) = Run(chromium, page, ["--dump-dom", "--window-size=1100,900"]);
        if (code != 0) throw new InvalidOperationException($"Chromium exited with {code} on {page}: {errors.Trim().Split('\n').LastOrDefault()}");
        return dom;
    }

    private static (int Code, string Output, string Errors) Run(string chromium, string page, IEnumerable<string> extra)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--allow-file-access-from-files",
                     // The network is off: no proxy reachable, no name resolves. Local files still load.
                     "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
                     "--virtual-time-budget=15000",
                 }.Concat(extra))
            start.ArgumentList.Add(a);
        start.ArgumentList.Add(new Uri(Path.GetFullPath(page)).AbsoluteUri);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {chromium}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "timed out");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
