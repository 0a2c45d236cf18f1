using System.Net;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;
using VaeLab.Plotting;

namespace VaeLab.Notebook;

/// <summary>
/// How the series' objects show in a notebook: Plotly.NET and XPlot.Plotly charts as HTML, tensors as text with
/// their shape, image grids as PNG (with an HTML fallback). Registered once per session by <see cref="Session"/>.
/// </summary>
public static partial class Formatters
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;

        // Plotly.NET's own kernel extension (Plotly.NET.Interactive) is not loaded by a bare #r: do its job here.
        // Its bare chart HTML assumes a global `Plotly`; a self-contained page in an iframe loads plotly.js itself,
        // the same way in VS Code, Jupyter and nbviewer.
        Formatter.Register<Plotly.NET.GenericChart>((chart, writer) => writer.Write(PlotlyHtml(chart)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Plotly.NET.GenericChart), HtmlFormatter.MimeType);

        // XPlot.Plotly's inline HTML expects a global `Plotly`, which Jupyter's require.js hides; an iframe gives
        // the chart a page of its own that loads plotly.js itself.
        Formatter.Register<XPlot.Plotly.PlotlyChart>((chart, writer) => writer.Write(XPlotHtml(chart)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(XPlot.Plotly.PlotlyChart), HtmlFormatter.MimeType);

        Formatter.Register<ImageGrid>((grid, writer) => writer.Write(grid.ToBase64()), "image/png");
        Formatter.Register<ImageGrid>((grid, writer) => writer.Write(grid.ToHtml()), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ImageGrid), "image/png");

        Formatter.Register<torch.Tensor>((tensor, writer) => writer.Write(Describe(tensor)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(torch.Tensor), PlainTextFormatter.MimeType);
    }

    /// <summary>"[2, 3] Float32 cpu requires_grad" followed by the values (up to a few hundred).</summary>
    public static string Describe(torch.Tensor tensor)
    {
        var header = $"[{string.Join(", ", tensor.shape)}] {tensor.dtype} {tensor.device}{(tensor.requires_grad ? " requires_grad" : "")}";
        if (tensor.numel() > 400) return header + " (too many values to print; index or summarise it)";
        return header + Environment.NewLine + tensor.ToString(TensorStringStyle.Numpy);
    }

    public static string PlotlyHtml(Plotly.NET.GenericChart chart)
    {
        var page = Plotly.NET.GenericChart.toEmbeddedHTML(chart);
        var height = LayoutHeight().Match(page) is { Success: true } m ? int.Parse(m.Groups[1].Value) : 500;
        return Frame(page, height + 30);
    }

    public static string XPlotHtml(XPlot.Plotly.PlotlyChart chart) =>
        Frame(chart.GetHtml(), chart.Height > 0 ? chart.Height + 30 : 530);

    private static string Frame(string page, int height) =>
        $"<iframe srcdoc=\"{WebUtility.HtmlEncode(page)}\" style=\"width:100%;height:{height}px;border:none\"></iframe>";

    [System.Text.RegularExpressions.GeneratedRegex("\"height\":(\\d+)")]
    private static partial System.Text.RegularExpressions.Regex LayoutHeight();
}
