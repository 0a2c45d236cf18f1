using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace VaeLab.Notebook;

/// <summary>One row of the environment table.</summary>
public sealed record ComponentVersion(string Component, string Version, string Detail);

/// <summary>What this session runs on: the versions a bug report or a classroom set-up needs.</summary>
public static class EnvironmentReport
{
    public static IReadOnlyList<ComponentVersion> Collect(Session session)
    {
        var native = session.Native;
        return
        [
            new(".NET", Environment.Version.ToString(), RuntimeInformation.FrameworkDescription),
            new("Operating system", RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture.ToString()),
            new("CPU cores", Environment.ProcessorCount.ToString(), $"torch uses {torch.get_num_threads()} intra-op thread(s)"),
            new("TorchSharp", AssemblyVersion("TorchSharp"), Location("TorchSharp")),
            new("libtorch", torch.__version__, native?.LibTorchDirectory ?? ""),
            new("Native fix", native is null ? "not applicable" : native.SystemHasRequiredGlibcxx ? "not needed" : "applied",
                native is null ? "not Linux, or VAELAB_NATIVE_FIX=off"
                : native.SystemHasRequiredGlibcxx ? $"{native.SystemLibStdCxx} provides {Native.TorchNative.KnownUnusedGlibcxx}"
                : $"{native.SystemLibStdCxx} lacks {Native.TorchNative.KnownUnusedGlibcxx}; the need is marked weak in {native.LibTorchSharpPath}"),
            new("TorchVision", AssemblyVersion("TorchVision"), Location("TorchVision")),
            new("Plotly.NET", AssemblyVersion("Plotly.NET"), Location("Plotly.NET")),
            new("XPlot.Plotly", AssemblyVersion("XPlot.Plotly"), Location("XPlot.Plotly")),
            new("SkiaSharp", AssemblyVersion("SkiaSharp"), Location("SkiaSharp")),
            new("FSharp.Core", AssemblyVersion("FSharp.Core"), Location("FSharp.Core")),
            new("VaeLab", AssemblyVersion("VaeLab"), Location("VaeLab")),
            new("Run mode", session.Mode, $"seed {session.Seed}; set {RunMode.Variable}=1 for quick, 0 for full"),
        ];
    }

    /// <summary>The report as an HTML table (a notebook displays it as is).</summary>
    public static string ToHtml(IReadOnlyList<ComponentVersion> rows)
    {
        var html = new StringBuilder("<table><thead><tr><th>component</th><th>version</th><th>detail</th></tr></thead><tbody>");
        foreach (var row in rows)
            html.Append($"<tr><td>{Encode(row.Component)}</td><td><code>{Encode(row.Version)}</code></td><td>{Encode(row.Detail)}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static Assembly? Find(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);

    private static string AssemblyVersion(string name)
    {
        var assembly = Find(name);
        if (assembly is null) return "not loaded";
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return (informational ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
    }

    private static string Location(string name) => Find(name)?.Location ?? "";
}
