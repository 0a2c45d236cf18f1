using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using VaeLab.Common;

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
            Package("TorchSharp", "TorchSharp-cpu"),
            new("libtorch", torch.__version__, native?.LibTorchDirectory ?? ""),
            new("Native fix", native is null ? "not applicable" : native.SystemHasRequiredGlibcxx ? "not needed" : "applied",
                native is null ? "not Linux, or VAELAB_NATIVE_FIX=off"
                : native.SystemHasRequiredGlibcxx ? $"{native.SystemLibStdCxx} provides {Native.TorchNative.KnownUnusedGlibcxx}"
                : $"{native.SystemLibStdCxx} lacks {Native.TorchNative.KnownUnusedGlibcxx}; the need is marked weak in {native.LibTorchSharpPath}"),
            Package("TorchVision"),
            Package("Plotly.NET"),
            Package("Plotly.NET.CSharp"),
            Package("XPlot.Plotly"),
            Package("SkiaSharp"),
            new("FSharp.Core", AssemblyVersion("FSharp.Core"), Location("FSharp.Core")),
            new("VaeLab", AssemblyVersion("VaeLab"), Location("VaeLab")),
            new("Run mode", session.Mode, $"set {RunMode.Variable}=1 for quick, 0 for full"),
            new("Seed", session.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{session.SeedSource}; rerun with another: {SessionSeed.Variable}=2024"),
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

    /// <summary>
    /// A NuGet package's row: the version is the package's (read from the NuGet cache path it was loaded from, since
    /// some packages stamp their assemblies 1.0.0, as XPlot.Plotly 4.1.0 does), and the assembly is loaded if the session
    /// has not touched it yet (the library uses every package of the setup cell, some only later in the notebook).
    /// </summary>
    private static ComponentVersion Package(string assemblyName, string? packageId = null)
    {
        var assembly = Find(assemblyName) ?? TryLoad(assemblyName);
        if (assembly is null) return new(assemblyName, "not loaded", "");
        var version = PackageVersionFromPath(assembly.Location, packageId ?? assemblyName) ?? AssemblyVersion(assemblyName);
        return new(assemblyName, version, assembly.Location);
    }

    /// <summary>The version folder after the package's folder in a NuGet cache path (…/xplot.plotly/4.1.0/lib/…), or null.</summary>
    internal static string? PackageVersionFromPath(string location, string packageId)
    {
        var parts = location.Replace('\\', '/').Split('/');
        for (var i = 0; i + 2 < parts.Length; i++)
            if (string.Equals(parts[i], packageId, StringComparison.OrdinalIgnoreCase) && parts[i + 2] is "lib" or "runtimes" &&
                parts[i + 1].Length > 0 && char.IsDigit(parts[i + 1][0]))
                return parts[i + 1];
        return null;
    }

    private static Assembly? TryLoad(string name)
    {
        try { return Assembly.Load(new AssemblyName(name)); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }

    private static string AssemblyVersion(string name)
    {
        var assembly = Find(name);
        if (assembly is null) return "not loaded";
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return (informational ?? assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];
    }

    private static string Location(string name) => Find(name)?.Location ?? "";
}
