using TorchSharp;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

/// <summary>
/// <see cref="SpriteDisentanglement"/> on encoders whose answers are known: one that reads position from the image's
/// centre of mass (x and y each captured by one latent), and one that ignores the image (pure noise).
/// </summary>
public sealed class SpriteDisentanglementTests
{
    private static readonly SpriteGrid SmallGrid = new(Scales: 2, Rotations: 2, PositionsX: 4, PositionsY: 4);

    /// <summary>Latents: column of the centre of mass, its row, and the ink mass; log-variance −4 everywhere.</summary>
    private sealed class CentroidEncoder : ILatentVariableModel
    {
        public Distribution Prior { get; } = new StandardNormal(3);

        public Distribution Posterior(Tensor x)
        {
            var side = x.shape[^1];
            var images = x.reshape(x.shape[0], side, side);
            var mass = images.sum([1, 2]);
            var positions = arange(side, dtype: ScalarType.Float32);
            var column = (images.sum(1) * positions).sum(1) / mass;
            var row = (images.sum(2) * positions).sum(1) / mass;
            var mean = stack([column, row, mass / 100], 1);
            return DiagonalNormal.FromLogVariance(mean, full_like(mean, -4.0));
        }

        public Distribution Likelihood(Tensor z) => throw new NotSupportedException();
    }

    /// <summary>Latents drawn from a fixed generator, unrelated to the image.</summary>
    private sealed class NoiseEncoder(int latents) : ILatentVariableModel
    {
        private readonly Generator generator = new(7);
        public Distribution Prior { get; } = new StandardNormal(latents);

        public Distribution Posterior(Tensor x)
        {
            var mean = randn([x.shape[0], latents], generator: generator);
            return DiagonalNormal.FromLogVariance(mean, zeros_like(mean));
        }

        public Distribution Likelihood(Tensor z) => throw new NotSupportedException();
    }

    [Fact]
    public void An_encoder_that_reads_position_captures_x_and_y_each_in_one_latent()
    {
        using var sprites = Sprites.FullGrid(SmallGrid);
        var report = SpriteDisentanglement.Evaluate(new CentroidEncoder(), sprites);
        Assert.Equal(SmallGrid.Count, report.Images);
        Assert.True(report.MigOf("x") > 0.8, $"MIG of x {report.MigOf("x"):F3}");
        Assert.True(report.MigOf("y") > 0.8, $"MIG of y {report.MigOf("y"):F3}");
        Assert.True(report.MigOf("rotation") < 0.3, $"MIG of rotation {report.MigOf("rotation"):F3}");
        Assert.True(report.FactorVae.EvalAccuracy > 0.5, $"FactorVAE {report.FactorVae.EvalAccuracy:F3}");
        // KL of N(μ, e^−4) against N(0, 1) per latent: ½(μ² + e^−4 − 1 + 4), averaged over the grid.
        var codes = SpriteDisentanglement.Encode(new CentroidEncoder(), sprites.Images).Codes;
        var expected = Enumerable.Range(0, (int)sprites.Count)
            .Average(i => 0.5 * (codes[i, 0] * codes[i, 0] + Math.Exp(-4) - 1 + 4));
        Assert.Equal(expected, report.LatentKl[0], 3);
        Assert.Equal([0, 1, 2], report.LatentsByKl);
    }

    [Fact]
    public void An_encoder_that_ignores_the_image_scores_near_zero_mig_and_chance_factor_vae()
    {
        using var sprites = Sprites.FullGrid(SmallGrid);
        var report = SpriteDisentanglement.Evaluate(new NoiseEncoder(4), sprites);
        Assert.True(report.Mig.Mean < 0.1, $"MIG {report.Mig.Mean:F3}");
        Assert.True(report.FactorVae.EvalAccuracy < 0.45, $"FactorVAE {report.FactorVae.EvalAccuracy:F3} (chance 0.2)");
        Assert.True(report.Dci.Disentanglement < 0.5, $"DCI D {report.Dci.Disentanglement:F3}");
        Assert.Equal(4, report.ActiveLatents());
    }

    [Fact]
    public void The_true_factors_as_a_code_score_the_ceiling_and_bad_codes_get_a_clear_error()
    {
        using var sprites = Sprites.FullGrid(SmallGrid);
        var table = sprites.ToFactorTable();
        var codes = new double[table.Count, table.Names.Count];
        for (var i = 0; i < table.Count; i++) for (var k = 0; k < table.Names.Count; k++) codes[i, k] = table.Indices[i, k];
        var report = SpriteDisentanglement.EvaluateCodes(codes, new double[table.Names.Count], sprites);
        Assert.Equal(1, report.Mig.Mean, 6);
        Assert.True(report.FactorVae.EvalAccuracy > 0.99, $"FactorVAE {report.FactorVae.EvalAccuracy:F3}");
        Assert.True(report.Sap.Mean > 0.3, $"SAP {report.Sap.Mean:F3}");
        Assert.True(report.Dci.Disentanglement > 0.9, $"DCI D {report.Dci.Disentanglement:F3}");
        var e = Assert.Throws<ArgumentException>(() => SpriteDisentanglement.EvaluateCodes(codes, new double[2], sprites));
        Assert.Contains("one KL per latent", e.Message);
    }

    [Fact]
    public void Only_the_full_grid_in_grid_order_is_accepted()
    {
        using var sample = Sprites.Sample(100, seed: 1, SmallGrid);
        var e = Assert.Throws<ArgumentException>(() => SpriteDisentanglement.Evaluate(new CentroidEncoder(), sample));
        Assert.Contains("full factor grid", e.Message);
    }
}
