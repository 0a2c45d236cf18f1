using Plotly.NET;
using VaeLab.Evaluation;
using VaeLab.Plotting;

namespace VaeLab.Tests.Plotting;

/// <summary>What notebook 06's charts must show: a comparable, titled colour scale, unrounded means.</summary>
public sealed class CollapseChartsTests
{
    [Fact]
    public void A_heatmap_uses_the_given_colour_scale_from_zero_with_a_titled_colour_bar()
    {
        var html = GenericChart.toChartHTML(CollapseCharts.KlHeatmap("run", [[0.1, 0.2], [0.3, 0.05]], maxKl: 1.5));
        Assert.Contains("\"zmin\":0.0", html);
        Assert.Contains("\"zmax\":1.5", html);
        Assert.Contains("KL (nats)", html);
        Assert.Contains("\"zmax\":0.3", GenericChart.toChartHTML(CollapseCharts.KlHeatmap("run", [[0.1, 0.2], [0.3, 0.05]])));
        Assert.Throws<ArgumentOutOfRangeException>(() => CollapseCharts.KlHeatmap("run", [[0.1]], maxKl: 0));
    }

    [Fact]
    public void A_heatmap_labels_every_latent_row_and_keeps_its_axis_title()
    {
        var sixteen = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 16).Select(d => 0.1 * d).ToArray()).ToArray();
        var html = GenericChart.toChartHTML(CollapseCharts.KlHeatmap("run", sixteen));
        Assert.Contains("\"dtick\":1", html);
        Assert.Contains("latent dimension", html);
        Assert.Contains("\"z16\"", html);
    }

    [Fact]
    public void Usage_lines_plot_the_unrounded_mean_over_seeds()
    {
        LatentUsage Usage(int epoch, int active) => new(epoch, 0.5, [0.25, 0.25], active, 0.1, 0.5);
        var runs = new Dictionary<string, IReadOnlyList<IReadOnlyList<LatentUsage>>>
        {
            ["plain"] = [[Usage(1, 2), Usage(2, 0)], [Usage(1, 1), Usage(2, 1)], [Usage(1, 1), Usage(2, 0)]],
        };
        var html = GenericChart.toChartHTML(CollapseCharts.UsageOverEpochs(runs, u => u.ActiveUnits, "active units", "t"));
        // Epoch 2: seeds 0, 1, 0 → 1/3, not the rounded 0.
        Assert.Contains("0.3333333333333333", html);
        var uneven = new Dictionary<string, IReadOnlyList<IReadOnlyList<LatentUsage>>> { ["x"] = [[Usage(1, 1)], [Usage(1, 1), Usage(2, 1)]] };
        Assert.Throws<ArgumentException>(() => CollapseCharts.UsageOverEpochs(uneven, u => u.Kl, "y", "t"));
    }
}
