using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class FactorVaeScoreTests
{
    private static readonly int[] Sizes = ConstructedCodes.SpriteSizes;
    private static readonly string[] Names = ConstructedCodes.SpriteNames;

    /// <summary>A representation built from a per-row formula, with a private seeded noise source.</summary>
    private static Func<int[][], double[,]> Code(int latents, Func<int[], Random, int, double> latent, int seed = 0)
    {
        var random = new Random(seed);
        return rows =>
        {
            var codes = new double[rows.Length, latents];
            for (var i = 0; i < rows.Length; i++)
                for (var j = 0; j < latents; j++) codes[i, j] = latent(rows[i], random, j);
            return codes;
        };
    }

    [Fact]
    public void A_code_with_one_latent_per_factor_scores_one()
    {
        // Latent k = factor k + 1e-3 noise, then one noise latent. With factor k held fixed, latent k's variance drops
        // to 1e-6 while every other latent keeps about its global variance (a batch of 64 never shrinks it a
        // thousandfold), so every vote is right: accuracy exactly 1.
        var represent = Code(6, (row, r, j) => j < 5 ? row[j] + 1e-3 * ConstructedCodes.Gaussian(r) : ConstructedCodes.Gaussian(r));
        var score = FactorVaeScore.Compute(represent, Sizes, Names);
        Assert.Equal(1.0, score.TrainAccuracy);
        Assert.Equal(1.0, score.EvalAccuracy);
        Assert.Equal(6, score.ActiveLatents);
        Assert.Equal([0, 1, 2, 3, 4, -1], score.LatentToFactor);
        Assert.Equal(500, Enumerable.Range(0, 5).Sum(k => Enumerable.Range(0, 6).Sum(j => score.TrainVotes[k, j])));
        // Uniform 0..7 has std √(63/12) ≈ 2.29.
        Assert.InRange(score.GlobalStd[3], 2.2, 2.4);
    }

    [Fact]
    public void Independent_noise_scores_chance()
    {
        // Votes land on a random latent whatever the factor, so a held-out vote is right with probability 1/K = 0.2;
        // 300 votes give sd ≈ 0.023, and the bound leaves four of them.
        var represent = Code(8, (_, r, _) => ConstructedCodes.Gaussian(r), seed: 1);
        var score = FactorVaeScore.Compute(represent, Sizes, Names);
        Assert.InRange(score.EvalAccuracy, 0.0, 0.3);
    }

    [Fact]
    public void Latents_with_tiny_spread_are_pruned()
    {
        // Latent 1 carries y but at a scale of 0.001 per step (std ≈ 0.002 < 0.05): pruned, so no latent can win the
        // y votes and those votes are always wrong; the other four factors are perfect: accuracy ≈ 4/5.
        var represent = Code(5, (row, _, j) => j switch { 0 => row[0], 1 => 0.001 * row[4], 2 => row[1], 3 => row[2], _ => row[3] });
        var score = FactorVaeScore.Compute(represent, Sizes, Names, new FactorVaeSettings(TrainVotes: 400, EvalVotes: 400));
        Assert.Equal(4, score.ActiveLatents);
        Assert.False(score.Active[1]);
        Assert.Equal(-1, score.LatentToFactor[1]);
        Assert.InRange(score.EvalAccuracy, 0.72, 0.88);
    }

    [Fact]
    public void Results_depend_on_the_seed_only_not_on_how_rows_are_chunked()
    {
        // A deterministic, partly entangled code: x and y mixed in latent 0.
        var represent = Code(4, (row, _, j) => j switch { 0 => row[3] + 0.7 * row[4], 1 => row[4], 2 => row[2], _ => row[0] + row[1] });
        var settings = new FactorVaeSettings(TrainVotes: 100, EvalVotes: 100, VarianceSamples: 500, Seed: 7);
        var a = FactorVaeScore.Compute(represent, Sizes, Names, settings);
        var b = FactorVaeScore.Compute(represent, Sizes, Names, settings with { RowsPerCall = 64 });
        var c = FactorVaeScore.Compute(represent, Sizes, Names, settings with { Seed = 8 });
        Assert.Equal(a.TrainVotes, b.TrainVotes);
        Assert.Equal(a.EvalAccuracy, b.EvalAccuracy);
        Assert.NotEqual(a.TrainVotes, c.TrainVotes);
    }

    [Fact]
    public void The_representation_sees_at_most_rows_per_call_rows()
    {
        var largest = 0;
        var represent = Code(5, (row, _, j) => row[j]);
        FactorVaeScore.Compute(rows => { largest = Math.Max(largest, rows.Length); return represent(rows); }, Sizes, Names,
            new FactorVaeSettings(TrainVotes: 20, EvalVotes: 20, VarianceSamples: 300, RowsPerCall: 128));
        Assert.Equal(128, largest);
    }

    [Fact]
    public void Bad_settings_are_rejected_with_reasons()
    {
        var represent = Code(5, (row, _, j) => row[j]);
        Assert.Contains("RowsPerCall", Assert.Throws<ArgumentException>(() => FactorVaeScore.Compute(represent, Sizes, Names, new FactorVaeSettings(RowsPerCall: 10))).Message);
        Assert.Contains("'y' has 1 value", Assert.Throws<ArgumentException>(() => FactorVaeScore.Compute(represent, [3, 4, 8, 8, 1], Names)).Message);
        Assert.Contains("one row per factor row", Assert.Throws<InvalidOperationException>(() => FactorVaeScore.Compute(_ => new double[3, 2], Sizes, Names)).Message);
    }
}
