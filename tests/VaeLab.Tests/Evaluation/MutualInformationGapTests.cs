using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class MutualInformationGapTests
{
    private const int N = 4000;

    [Fact]
    public void A_code_with_one_latent_per_factor_scores_close_to_one()
    {
        var factors = ConstructedCodes.SampleFactors(N, ConstructedCodes.SpriteSizes, seed: 1);
        var codes = ConstructedCodes.Perfect(factors, noise: 1e-3, extraNoiseLatents: 2, seed: 2);
        var mig = MutualInformationGap.Compute(codes, factors, ConstructedCodes.SpriteNames);

        // Values one unit apart with 1e-3 noise fall in distinct bins, so the own latent's MI is exactly H(v_k).
        for (var k = 0; k < 5; k++) Assert.Equal(mig.FactorEntropies[k], mig.MutualInformation[k, k], 9);
        // The runner-up is an independent latent whose plug-in MI is only bias, ≈ (20 − 1)(K − 1)/(2N) ≤ 0.017 nats,
        // under 0.02 of H(v_k) ≥ ln 3; so every gap is at least 0.97.
        Assert.All(mig.PerFactor, g => Assert.InRange(g, 0.97, 1.0));
        Assert.InRange(mig.Mean, 0.97, 1.0);
        Assert.Equal(ConstructedCodes.SpriteNames, mig.FactorNames);
        Assert.Equal(7, mig.MutualInformation.GetLength(0));
    }

    [Fact]
    public void Independent_noise_scores_close_to_zero()
    {
        var factors = ConstructedCodes.SampleFactors(N, ConstructedCodes.SpriteSizes, seed: 3);
        var mig = MutualInformationGap.Compute(ConstructedCodes.Noise(N, 6, seed: 4), factors, ConstructedCodes.SpriteNames);
        // Every MI is plug-in bias (≤ 0.017 nats, see above), so gaps are a small fraction of H(v_k).
        Assert.All(mig.PerFactor, g => Assert.InRange(g, 0.0, 0.02));
    }

    [Fact]
    public void Two_latents_that_each_mix_two_factors_give_a_gap_of_zero()
    {
        // z1 = x + y and z2 = x − y on the full 8×8 grid: x − y has the same joint law with x as x + y (y ↦ 7 − y
        // shifts it by 7, which equal-width binning over the range ignores), so both latents know exactly as much
        // about x, and likewise about y.
        var factors = ConstructedCodes.FullGrid(8, 8);
        var codes = new double[64, 2];
        for (var i = 0; i < 64; i++) (codes[i, 0], codes[i, 1]) = (factors[i, 0] + factors[i, 1], factors[i, 0] - factors[i, 1]);
        var mig = MutualInformationGap.Compute(codes, factors, ["x", "y"]);
        // I(x + y; x) = H(x + y) − H(y) = H(triangular on 0…14) − ln 8 = 0.3487 nats: each latent does know about x.
        var triangular = -Enumerable.Range(1, 15).Select(v => Math.Min(v, 16 - v) / 64.0).Sum(p => p * Math.Log(p));
        Assert.Equal(triangular - Math.Log(8), mig.MutualInformation[0, 0], 9);
        Assert.Equal(mig.MutualInformation[0, 0], mig.MutualInformation[1, 0], 9);
        Assert.All(mig.PerFactor, g => Assert.InRange(g, 0.0, 1e-9));
    }

    [Fact]
    public void One_latent_coding_two_factors_keeps_the_coarse_one_and_loses_the_fine_one()
    {
        // z = 8x + y in 20 bins of width 63/20 ≈ 3.2: a bin pins x down almost completely but leaves y spread over
        // about three values, so the MIG of y falls to about (ln 8 − ln 3)/ln 8 ≈ 0.47 while x keeps most of its MIG. MIG does not
        // penalise one latent serving two factors; it only sees how the best latent beats the runner-up.
        var factors = ConstructedCodes.SampleFactors(N, [8, 8], seed: 5);
        var codes = new double[N, 2];
        var random = new Random(6);
        for (var i = 0; i < N; i++) (codes[i, 0], codes[i, 1]) = (8 * factors[i, 0] + factors[i, 1], ConstructedCodes.Gaussian(random));
        var mig = MutualInformationGap.Compute(codes, factors, ["x", "y"]);
        // Measured: x 0.935, y 0.429 (the noise latent's MI is plug-in bias only).
        Assert.InRange(mig.PerFactor[0], 0.85, 1.0);
        Assert.InRange(mig.PerFactor[1], 0.3, 0.55);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_reasons()
    {
        var factors = ConstructedCodes.FullGrid(4, 4);
        var codes = ConstructedCodes.Noise(16, 3, seed: 1);
        Assert.Contains("one name per factor", Assert.Throws<ArgumentException>(() => MutualInformationGap.Compute(codes, factors, ["x"])).Message);
        Assert.Contains("one row per example", Assert.Throws<ArgumentException>(() => MutualInformationGap.Compute(ConstructedCodes.Noise(15, 3, 1), factors, ["x", "y"])).Message);
        Assert.Contains("at least 2 latent", Assert.Throws<ArgumentException>(() => MutualInformationGap.Compute(ConstructedCodes.Noise(16, 1, 1), factors, ["x", "y"])).Message);
        var constant = new int[16, 2];
        for (var i = 0; i < 16; i++) constant[i, 0] = i % 2;
        Assert.Contains("'y' takes a single value", Assert.Throws<ArgumentException>(() => MutualInformationGap.Compute(codes, constant, ["x", "y"])).Message);
        codes[3, 1] = double.NaN;
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => MutualInformationGap.Compute(codes, factors, ["x", "y"])).Message);
    }
}
