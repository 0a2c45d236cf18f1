using TorchSharp;
using VaeLab.Notebook;
using VaeLab.Plotting;

namespace VaeLab.Tests.Notebook;

public class DisplayTests
{
    [Fact]
    public void An_image_grid_is_a_png_of_the_expected_size()
    {
        using var images = torch.rand(12, 1, 28, 28);
        var grid = ImageGrid.From(images, columns: 5, scale: 2, padding: 2);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, grid.Png.Take(4).ToArray());
        Assert.Equal(5 * (28 * 2 + 2) + 2, grid.Width);
        Assert.Equal(3 * (28 * 2 + 2) + 2, grid.Height);
        Assert.Contains("src=\"data:image/png;base64,iVBOR", grid.ToHtml());
    }

    [Fact]
    public void Titles_and_labels_are_drawn_into_the_picture_and_must_match_the_grid()
    {
        using var images = torch.rand(6, 1, 28, 28);
        var plain = ImageGrid.From(images, columns: 3);
        var labelled = ImageGrid.From(images, columns: 3, title: "a title", rowLabels: ["first row", "second row"], columnLabels: ["a", "b", "c"]);
        Assert.True(labelled.Width > plain.Width && labelled.Height > plain.Height);   // room for the text inside the PNG
        Assert.Contains("alt=\"a title\"", labelled.ToHtml());
        Assert.Throws<ArgumentException>(() => ImageGrid.From(images, columns: 3, rowLabels: ["only one"]));
        Assert.Throws<ArgumentException>(() => ImageGrid.From(images, columns: 3, columnLabels: ["a", "b"]));
    }

    [Fact]
    public void A_flat_batch_of_squares_is_accepted_and_other_shapes_are_explained()
    {
        using var flat = torch.rand(3, 784);
        Assert.Equal(3 * (28 + 2) + 2, ImageGrid.From(flat, scale: 1).Width);
        using var odd = torch.rand(3, 780);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => ImageGrid.From(odd)).Message);
        using var wrong = torch.rand(2, 3, 28, 28);
        Assert.Contains("[2, 3, 28, 28]", Assert.Throws<ArgumentException>(() => ImageGrid.From(wrong)).Message);
    }

    [Fact]
    public void Grid_pixels_follow_the_tensor()
    {
        using var black = torch.zeros(1, 4, 4);
        using var white = torch.ones(1, 4, 4);
        using var blackBitmap = SkiaSharp.SKBitmap.Decode(ImageGrid.From(black, scale: 1, padding: 0).Png);
        using var whiteBitmap = SkiaSharp.SKBitmap.Decode(ImageGrid.From(white, scale: 1, padding: 0).Png);
        Assert.Equal(0, blackBitmap.GetPixel(1, 1).Red);
        Assert.Equal(255, whiteBitmap.GetPixel(1, 1).Red);
    }

    [Fact]
    public void A_tensor_is_described_with_shape_and_values()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2).requires_grad_();
        var text = Formatters.Describe(x);
        Assert.StartsWith("[2, 2] Float32 cpu requires_grad", text);
        Assert.Contains("4", text);
    }
}

public class ChartFormatterTests
{
    [Fact]
    public void Plotly_and_xplot_charts_display_as_self_contained_pages()
    {
        Formatters.Register();
        var plotly = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new double[] { 1, 2, 3 }, y: new double[] { 1, 4, 9 });
        var html = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(plotly, "text/html");
        Assert.StartsWith("<iframe srcdoc=\"", html);
        Assert.Contains("plotly-2.", html); // the page loads plotly.js itself
        Assert.Contains("Plotly.newPlot", System.Net.WebUtility.HtmlDecode(html));

        var xplot = XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new[] { 1, 2 }, y = new[] { 3, 4 } });
        var xhtml = Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(xplot, "text/html");
        Assert.StartsWith("<iframe srcdoc=\"", xhtml);
        Assert.Contains("Plotly.newPlot", System.Net.WebUtility.HtmlDecode(xhtml));
    }
}
