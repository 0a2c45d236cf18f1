using VaeLab.Objectives;
using Plotly.NET;
using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Models;
using VaeLab.Plotting;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Plotting;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class DisentanglementFiguresTests
{
    [Fact]
    public void A_traversal_grid_has_one_labelled_row_per_latent_up_to_the_limit()
    {
        using var random = TorchRandom.Seeded(1);
        var model = new MlpVae(new MlpVaeOptions(InputSize: 256, HiddenSize: 8, LatentSize: 4));
        var image = rand(1, 1, 16, 16);
        var all = LatentTraversal.Grid(model, image, [0.1, 3, 0.5, 2], "t", values: [-1, 0, 1]);
        var two = LatentTraversal.Grid(model, image, [0.1, 3, 0.5, 2], "t", values: [-1, 0, 1], maxRows: 2);
        // Same width, two rows fewer: each row is 16·2 pixels plus 2 of padding.
        Assert.Equal(all.Width, two.Width);
        Assert.Equal(2 * (16 * 2 + 2), all.Height - two.Height);
        Assert.Throws<ArgumentException>(() => LatentTraversal.Grid(model, image, [1, 2], "t"));
        Assert.Throws<ArgumentException>(() => LatentTraversal.Grid(model, rand(2, 1, 16, 16), [1, 2, 3, 4], "t"));
    }

    [Fact]
    public void The_rate_distortion_chart_has_axis_titles_and_lines_of_equal_elbo()
    {
        Assert.Equal(-30, new RateDistortionPoint("a", 10, 20).Elbo);
        var html = GenericChart.toChartHTML(DisentanglementCharts.RateDistortion(
            [new("β = 1", 15, 30), new("β = 8", 4, 60), new("β = 8", 5, 58)], elboLines: 3));
        Assert.Contains("rate: KL", html);
        Assert.Contains("distortion: reconstruction loss", html);
        Assert.Contains("ELBO = -45.0", html);
        Assert.Contains("ELBO = -64.0", html);
        Assert.Contains("ELBO = -54.5", html);
        Assert.Contains("β = 8 (2 seeds)", html);
    }

    [Fact]
    public void The_capacity_heatmap_and_decomposition_charts_carry_their_titles()
    {
        var steps = Enumerable.Range(0, 10).Select(i => new StepMetrics(i, 1, 1.0,
            new Dictionary<Term, double> { [Term.Kl] = i }, new AppliedWeights { CapacityNats = i, CapacityGamma = 1 }, new Dictionary<Term, double>())).ToList();
        Assert.Contains("target capacity C(t)", GenericChart.toChartHTML(DisentanglementCharts.CapacityTracking(steps)));
        Assert.Throws<ArgumentException>(() => DisentanglementCharts.CapacityTracking(
            [new StepMetrics(0, 1, 1, new Dictionary<Term, double> { [Term.Kl] = 1 }, AppliedWeights.None, new Dictionary<Term, double>())]));

        var mig = new MigResult(["x", "y"], [0.5, 0.1], 0.3, new double[,] { { 1, 0 }, { 0, 0.2 } }, [2, 2], 20);
        var heatmap = GenericChart.toChartHTML(DisentanglementCharts.MutualInformationHeatmap(mig, [1, 0], [0.5, 3], "MI"));
        Assert.Contains("z1 · 3.00", heatmap.Replace("z1 · 3,00", "z1 · 3.00"));
        Assert.Contains("latent · KL in nats (sorted by KL)", heatmap);
        Assert.Matches("\"colorbar\"\\s*:\\s*\\{[^}]*\"title\"\\s*:\\s*\\{\\s*\"text\"\\s*:\\s*\"MI \\(nats\\)\"", heatmap);

        var runs = new Dictionary<string, IReadOnlyList<KlDecompositionPoint>> { ["β-VAE"] = [new(1, 1, 2, 3), new(10, 1, 1, 3)] };
        Assert.Contains("total correlation", GenericChart.toChartHTML(DisentanglementCharts.KlDecomposition(runs, "tc")));
        Assert.Throws<ArgumentException>(() => DisentanglementCharts.KlDecomposition(runs, "entropy"));
    }

    [Fact]
    public void A_latent_pair_colours_an_ordinal_factor_on_one_sequential_scale_with_a_titled_colour_bar()
    {
        // 16 rows, factor values 0…7 twice; every second row is drawn.
        var codes = new double[16, 3];
        for (var i = 0; i < 16; i++) { codes[i, 0] = i; codes[i, 2] = -i; }
        var values = Enumerable.Range(0, 16).Select(i => i % 8).ToArray();
        var chart = DisentanglementCharts.LatentPair(codes, 0, 2, values, "x", "pair", every: 2);
        var html = GenericChart.toChartHTML(chart);
        // One trace whose markers carry the values, not one categorical trace per value.
        Assert.Single(GenericChart.getTraces(chart));
        Assert.DoesNotContain("x = 0", html);
        Assert.Contains("Viridis", html);
        Assert.Matches("\"showscale\"\\s*:\\s*true", html);
        // Each drawn point (the even rows, in a shuffled order) is coloured by its own row's value: code z0 = row i, colour i mod 8.
        double[] Numbers(string name) => System.Text.RegularExpressions.Regex.Match(html, $"\"{name}\"\\s*:\\s*\\[([^\\]]*)\\]").Groups[1].Value
            .Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (xs, colours) = (Numbers("x"), Numbers("color"));
        Assert.Equal(8, xs.Length);
        Assert.Equal(new double[] { 0, 2, 4, 6, 8, 10, 12, 14 }, xs.Order().ToArray());
        Assert.Equal(xs.Select(x => x % 8), colours);
        Assert.NotEqual(xs.Order(), xs);   // not in grid order: the last values are not always on top
        Assert.Matches("\"cmin\"\\s*:\\s*0(\\.0)?\\s*,\\s*\"cmax\"\\s*:\\s*6(\\.0)?", html);
        Assert.Matches("\"title\"\\s*:\\s*\\{\\s*\"text\"\\s*:\\s*\"x \\(value\\)\"", html);
        Assert.Contains("z0 (encoder mean)", html);
        Assert.Contains("z2 (encoder mean)", html);
        Assert.Throws<ArgumentException>(() => DisentanglementCharts.LatentPair(codes, 1, 1, values, "x", "pair"));
        Assert.Throws<ArgumentException>(() => DisentanglementCharts.LatentPair(codes, 0, 1, values.Take(3).ToArray(), "x", "pair"));
    }
}
