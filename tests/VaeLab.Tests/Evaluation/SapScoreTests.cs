using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class SapScoreTests
{
    private const int N = 3000;

    [Fact]
    public void A_code_with_one_latent_per_factor_scores_one_minus_chance()
    {
        var factors = ConstructedCodes.SampleFactors(N, ConstructedCodes.SpriteSizes, seed: 11);
        var codes = ConstructedCodes.Perfect(factors, noise: 1e-3, extraNoiseLatents: 2, seed: 12);
        var sap = SapScore.Compute(codes, factors, ConstructedCodes.SpriteNames);
        Assert.Equal(2000, sap.TrainCount);
        Assert.Equal(1000, sap.TestCount);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(1.0, sap.Accuracy[k, k]);
            // The runner-up knows nothing and scores chance 1/K, up to sampling (sd ≈ 0.015 on 1,000 test examples,
            // the best of six such latents a few sd above): SAP_k within [1 − 1/K − 0.08, 1 − 1/K + 0.03].
            var perfect = 1 - 1.0 / ConstructedCodes.SpriteSizes[k];
            Assert.InRange(sap.PerFactor[k], perfect - 0.08, perfect + 0.03);
        }
    }

    [Fact]
    public void Independent_noise_scores_close_to_zero()
    {
        var factors = ConstructedCodes.SampleFactors(N, ConstructedCodes.SpriteSizes, seed: 13);
        var sap = SapScore.Compute(ConstructedCodes.Noise(N, 6, seed: 14), factors, ConstructedCodes.SpriteNames);
        // All accuracies are chance ± sampling; the gap between the two best is a couple of sd (≈ 0.015) at most.
        Assert.All(sap.PerFactor, g => Assert.InRange(g, 0.0, 0.06));
    }

    [Fact]
    public void The_split_is_seeded()
    {
        var factors = ConstructedCodes.SampleFactors(600, ConstructedCodes.SpriteSizes, seed: 15);
        var codes = ConstructedCodes.Noise(600, 4, seed: 16);
        var a = SapScore.Compute(codes, factors, ConstructedCodes.SpriteNames, new SapSettings(Seed: 3));
        var b = SapScore.Compute(codes, factors, ConstructedCodes.SpriteNames, new SapSettings(Seed: 3));
        var c = SapScore.Compute(codes, factors, ConstructedCodes.SpriteNames, new SapSettings(Seed: 4));
        Assert.Equal(a.Accuracy, b.Accuracy);
        Assert.NotEqual(a.Accuracy, c.Accuracy);
        Assert.Contains("TestFraction", Assert.Throws<ArgumentException>(() => SapScore.Compute(codes, factors, ConstructedCodes.SpriteNames, new SapSettings(TestFraction: 1))).Message);
    }
}
