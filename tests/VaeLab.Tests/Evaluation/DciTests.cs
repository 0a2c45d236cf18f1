using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class DciTests
{
    private static readonly string[] Shape = ["shape"];

    [Fact]
    public void Entropy_scores_match_hand_computation()
    {
        // Latents 0 and 1 share factor 0; latent 2 alone serves factor 1. Each row has one non-zero entry, so every
        // latent is perfectly disentangled (D = 1). Factor 0 spreads (½, ½, 0) over three latents: C_0 = 1 − ln 2/ln 3;
        // factor 1 is complete: C_1 = 1; the columns weigh ½ each.
        double[,] importance = { { 0.5, 0 }, { 0.5, 0 }, { 0, 1 } };
        var (perLatent, d) = Dci.WeightedOneMinusEntropy(importance, alongRows: true);
        var (perFactor, c) = Dci.WeightedOneMinusEntropy(importance, alongRows: false);
        Assert.Equal([1.0, 1.0, 1.0], perLatent);
        Assert.Equal(1.0, d, 12);
        Assert.Equal(1 - Math.Log(2) / Math.Log(3), perFactor[0], 12);
        Assert.Equal(0.5 * (1 - Math.Log(2) / Math.Log(3)) + 0.5, c, 12);
        // Two latents used equally by both factors: each row (½, ½) has maximal entropy, D = 0. An unused latent (zero
        // row) gets 0 and no weight, but it still counts in the base of the columns: C_k = 1 − ln 2/ln 3.
        double[,] uniform = { { 0.5, 0.5 }, { 0.5, 0.5 }, { 0, 0 } };
        var rows = Dci.WeightedOneMinusEntropy(uniform, alongRows: true);
        Assert.Equal([0.0, 0.0, 0.0], rows.PerItem.Select(v => Math.Round(v, 12)));
        Assert.Equal(0.0, rows.Weighted, 12);
        Assert.Equal(1 - Math.Log(2) / Math.Log(3), Dci.WeightedOneMinusEntropy(uniform, alongRows: false).Weighted, 12);
    }

    [Fact]
    public void A_code_with_one_latent_per_factor_scores_close_to_one()
    {
        var factors = ConstructedCodes.SampleFactors(3000, ConstructedCodes.SpriteSizes, seed: 21);
        var codes = ConstructedCodes.Perfect(factors, noise: 1e-3, extraNoiseLatents: 2, seed: 22);
        var dci = Dci.Compute(codes, factors, ConstructedCodes.SpriteNames, Shape);
        // Each regressor reproduces its factor from its own latent (weight ≈ 1, the others ≈ 1e-3); the classifier
        // separates the three shapes along latent 0 while the penalty keeps the useless latents' weights small. So
        // R is nearly diagonal; the bounds leave room for those small leaks.
        Assert.InRange(dci.Disentanglement, 0.9, 1.0);
        Assert.InRange(dci.Completeness, 0.9, 1.0);
        Assert.Equal(1.0, dci.InformativenessPerFactor[0]);
        Assert.All(dci.InformativenessPerFactor, v => Assert.InRange(v, 0.999, 1.0));
        for (var k = 0; k < 5; k++) Assert.True(dci.Importance[k, k] > 0.9, $"factor {k} relies on its own latent");
        Assert.Equal([true, false, false, false, false], dci.Categorical);
    }

    [Fact]
    public void Independent_noise_is_uninformative_and_spreads_its_importance()
    {
        var factors = ConstructedCodes.SampleFactors(3000, ConstructedCodes.SpriteSizes, seed: 23);
        var dci = Dci.Compute(ConstructedCodes.Noise(3000, 10, seed: 24), factors, ConstructedCodes.SpriteNames, Shape);
        // Chance accuracy 1/3 for shape, R² ≈ 0 (slightly negative on the test split) for the regressed factors.
        Assert.InRange(dci.InformativenessPerFactor[0], 0.25, 0.42);
        Assert.All(dci.InformativenessPerFactor.Skip(1), r2 => Assert.InRange(r2, -0.03, 0.02));
        // Fitted noise weights are random, not equal, so the entropies fall short of their maxima and D and C do not
        // reach 0: a row of 5 random half-normal importances has 1 − H₅ ≈ 0.1 on average. Far below the perfect code.
        Assert.InRange(dci.Disentanglement, 0.0, 0.25);
        Assert.InRange(dci.Completeness, 0.0, 0.25);
    }

    [Fact]
    public void Two_latents_that_each_mix_two_factors_give_zero()
    {
        // z1 = x + y, z2 = x − y: x = (z1 + z2)/2 and y = (z1 − z2)/2 use both latents with equal |weights|, so every
        // row and column of R is (½, ½): D = C = 0, while the code is fully informative.
        var factors = ConstructedCodes.SampleFactors(2000, [8, 8], seed: 25);
        var codes = new double[2000, 2];
        for (var i = 0; i < 2000; i++) (codes[i, 0], codes[i, 1]) = (factors[i, 0] + factors[i, 1], factors[i, 0] - factors[i, 1]);
        var dci = Dci.Compute(codes, factors, ["x", "y"], []);
        Assert.InRange(dci.Disentanglement, 0.0, 0.01);
        Assert.InRange(dci.Completeness, 0.0, 0.01);
        Assert.InRange(dci.Informativeness, 0.999, 1.0);
    }

    [Fact]
    public void Sprite_sized_input_takes_well_under_two_seconds()
    {
        // 6,000 examples × 10 latents × 5 factors, as notebook 05 will call it (the time is reported, not asserted).
        var factors = ConstructedCodes.SampleFactors(6000, ConstructedCodes.SpriteSizes, seed: 26);
        var codes = ConstructedCodes.Perfect(factors, noise: 0.3, extraNoiseLatents: 5, seed: 27);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var dci = Dci.Compute(codes, factors, ConstructedCodes.SpriteNames, Shape);
        Console.WriteLine($"DCI 6000×10×5: {watch.Elapsed.TotalMilliseconds:F0} ms; D {dci.Disentanglement:F3} C {dci.Completeness:F3} I {dci.Informativeness:F3}");
        Assert.Equal(4200, dci.TrainCount);
        Assert.InRange(dci.Disentanglement, 0.8, 1.0);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_reasons()
    {
        var factors = ConstructedCodes.SampleFactors(100, [3, 4], seed: 1);
        var codes = ConstructedCodes.Noise(100, 3, seed: 2);
        Assert.Contains("'colour' is not one of", Assert.Throws<ArgumentException>(() => Dci.Compute(codes, factors, ["shape", "scale"], ["colour"])).Message);
        Assert.Contains("penalties must be positive", Assert.Throws<ArgumentException>(() => Dci.Compute(codes, factors, ["shape", "scale"], [], new DciSettings(RidgePenalty: 0))).Message);
    }
}
