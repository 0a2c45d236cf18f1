using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace VaeLab.Tests.Runner;

/// <summary>CI runs one generated app end to end in quick mode, as the README's command does.</summary>
[Collection(FileBasedApps.Name)]
public class AppEndToEndTests
{
    [Fact]
    public void Notebook_00_as_a_file_based_app_runs_in_quick_mode_and_writes_its_report_and_figures()
    {
        var app = Path.Combine(RepositoryPaths.Root, "apps", "00-setup-and-tour.cs");
        Assert.True(File.Exists(app), "apps/00-setup-and-tour.cs is missing: run `dotnet artifacts/runner/vaelab-notebooks.dll apps`.");
        var output = Directory.CreateTempSubdirectory("vaelab-app-00-").FullName;
        var result = AppGeneratorTests.DotnetRun(app, TimeSpan.FromMinutes(10), "--quick", "--output", output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("quick mode", result.Output);
        Assert.Contains("host: none (no .NET Interactive, no Roslyn in this program)", result.Output);

        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("VaeLab session: quick mode, seed 42", report);
        var figures = Directory.GetFiles(output, "figure-*.png");
        Assert.NotEmpty(figures);
        Assert.All(figures, f => Assert.Contains($"({Path.GetFileName(f)})", report));
        var charts = Directory.GetFiles(output, "figure-*.html");
        Assert.True(charts.Length >= 2, "notebook 00 shows a Plotly.NET and an XPlot chart");
        if (File.Exists(Path.Combine(RepositoryPaths.Root, VaeLab.Apps.OfflineCharts.PlotlyInRepository)))
            Assert.All(charts, c => Assert.DoesNotContain("cdn.plot.ly", File.ReadAllText(c)));

        // `dotnet run app.cs` builds in Debug; the library must still be compiled optimised (Directory.Build.props),
        // or the apps run their library loops 2–3× slower than the notebooks.
        var library = Path.Combine(RepositoryPaths.Root, "artifacts", "apps", "lib", "VaeLab.dll");
        Assert.True(File.Exists(library), $"the app did not build the library into {library}");
        Assert.False(OptimisationsDisabled(library), $"{library} was compiled without optimisations");
    }

    [Fact]
    public void The_Chinese_notebook_00_as_a_file_based_app_runs_in_quick_mode_and_its_report_carries_the_Chinese_prose()
    {
        var app = Path.Combine(RepositoryPaths.Root, "apps", "zh", "00-setup-and-tour.cs");
        Assert.True(File.Exists(app), "apps/zh/00-setup-and-tour.cs is missing: run `dotnet artifacts/runner/vaelab-notebooks.dll apps`.");
        var output = Directory.CreateTempSubdirectory("vaelab-app-zh-00-").FullName;
        var result = AppGeneratorTests.DotnetRun(app, TimeSpan.FromMinutes(10), "--quick", "--output", output);
        Assert.True(result.ExitCode == 0, result.Output);
        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("VaeLab session: quick mode, seed 42", report);
        // The prose is the Chinese edition's (CJK ideographs), the printed outputs are the code's own.
        Assert.True(report.Count(c => c >= '\u4e00' && c <= '\u9fff') > 200, "the report has almost no Chinese text");
        Assert.NotEmpty(Directory.GetFiles(output, "figure-*.png"));
    }

    /// <summary>Whether the assembly's DebuggableAttribute carries DisableOptimizations (what a Debug build emits).</summary>
    internal static bool OptimisationsDisabled(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (metadata.GetString(type.Name) != "DebuggableAttribute") continue;
            // Blob: prolog 0x0001, then the DebuggingModes argument as an int32.
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            const int disableOptimizations = 0x100;
            return (blob.ReadInt32() & disableOptimizations) != 0;
        }
        return false;
    }
}
