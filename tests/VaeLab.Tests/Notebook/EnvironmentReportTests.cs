using VaeLab.Notebook;

namespace VaeLab.Tests.Notebook;

public class EnvironmentReportTests
{
    [Theory]
    [InlineData("/root/.nuget/packages/xplot.plotly/4.1.0/lib/netstandard2.0/XPlot.Plotly.dll", "XPlot.Plotly", "4.1.0")]
    [InlineData("/root/.nuget/packages/torchsharp-cpu/0.107.0/lib/net8.0/TorchSharp.dll", "TorchSharp-cpu", "0.107.0")]
    [InlineData(@"C:\Users\a\.nuget\packages\skiasharp\3.119.0\lib\net8.0\SkiaSharp.dll", "SkiaSharp", "3.119.0")]
    public void The_package_version_is_read_from_the_nuget_cache_path(string location, string package, string expected) =>
        Assert.Equal(expected, EnvironmentReport.PackageVersionFromPath(location, package));

    [Theory]
    [InlineData("/work/artifacts/runner/XPlot.Plotly.dll", "XPlot.Plotly")]
    [InlineData("/root/.nuget/packages/xplot.plotly/lib/XPlot.Plotly.dll", "XPlot.Plotly")]
    public void Paths_outside_the_nuget_cache_give_no_package_version(string location, string package) =>
        Assert.Null(EnvironmentReport.PackageVersionFromPath(location, package));
}
