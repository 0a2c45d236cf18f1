using VaeLab.Apps;

namespace VaeLab.Tests.Apps;

public class MarkdownReportTests
{
    [Fact]
    public void Cdn_plotly_scripts_point_at_the_local_copy_and_nothing_else_changes()
    {
        const string page = "<head><script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\" charset=\"utf-8\"></script><script src=\"other.js\"></script></head>";
        var local = OfflineCharts.UseLocalPlotly(page, "plotly.min.js");
        Assert.Equal("<head><script src=\"plotly.min.js\" charset=\"utf-8\"></script><script src=\"other.js\"></script></head>", local);
        Assert.True(OfflineCharts.LoadsPlotlyFromCdn(page));
        Assert.False(OfflineCharts.LoadsPlotlyFromCdn(local));
        Assert.Contains(".modebar-container{display:none", OfflineCharts.HideModeBar(local));
    }

    [Theory]
    [InlineData("var layout = {\"title\":{\"text\":\"Loss \\\"per\\\" step\"},\"xaxis\":{\"title\":{\"text\":\"step\"}}};", "Loss \"per\" step")]
    [InlineData("var layout = {\"title\":\"XPlot title\",\"xaxis\":{\"title\":\"x\"}};", "XPlot title")]
    [InlineData("var layout = {};", null)]
    public void Chart_titles_are_read_from_the_layout(string page, string? title) => Assert.Equal(title, ChartTitle.Of(page));

    [Theory]
    [InlineData("var data = []; var layout = {\"height\":420};", 420)]
    [InlineData("<div style=\"width: 900px; height: 350px;\"></div>", 350)]
    [InlineData("nothing", 500)]
    public void Chart_height_comes_from_the_page(string page, int height) => Assert.Equal(height, OfflineCharts.PageHeight(page));

    [Fact]
    public void Values_printed_text_and_svg_land_in_the_report_in_order()
    {
        var folder = Directory.CreateTempSubdirectory("vaelab-report-").FullName;
        var report = new MarkdownReport(folder, plotlyJs: null, chromium: null);
        report.AddMarkdown("# Title");
        report.AddPrinted("line 1\n");
        report.AddPrinted("line 2\n");
        report.AddValue(42);
        report.AddValue(new HtmlOutput("<div><svg width='1' height='1'><text>first</text></svg><svg width='1' height='1'></svg></div>"));
        report.AddValue(new HtmlOutput("<table><tr><td>x</td></tr></table>"));
        report.AddValue("has ``` fences");
        var text = File.ReadAllText(report.Save());
        Assert.Equal(
            "# Title\n\n```text\nline 1\nline 2\n```\n\n```text\n42\n```\n\n![first](figure-01.svg)\n![diagram](figure-02.svg)\n\n" +
            "<table><tr><td>x</td></tr></table>\n\n````text\nhas ``` fences\n````\n", text);
        Assert.True(File.Exists(Path.Combine(folder, "figure-02.svg")));
        Assert.Contains("no local plotly.js", report.ChartImageLimitation);
    }

    [Theory]
    [InlineData(new[] { "--quick" }, true, null)]
    [InlineData(new[] { "--full", "--output", "out" }, false, "out")]
    [InlineData(new string[0], null, null)]
    public void App_options_parse(string[] args, bool? quick, string? output)
    {
        var options = AppOptions.Parse(args);
        Assert.Equal(quick, options.Quick);
        Assert.Equal(output, options.Output);
    }

    [Theory]
    [InlineData(new[] { "--quick", "--full" }, "Choose one of --quick and --full.")]
    [InlineData(new[] { "--output" }, "--output needs a folder.")]
    [InlineData(new[] { "--fast" }, "Unknown argument '--fast'.")]
    public void Bad_app_options_say_what_is_wrong(string[] args, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => AppOptions.Parse(args)).Message);
}
