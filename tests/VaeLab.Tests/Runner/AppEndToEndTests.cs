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
    }
}
