using VaeLab.Numerics;

namespace VaeLab.Tests.Numerics;

public class GrowthFitTests
{
    [Fact]
    public void A_one_over_root_n_curve_has_slope_minus_one_half()
    {
        double[] n = [10, 100, 1000, 10000];
        Assert.Equal(-0.5, GrowthFit.LogLogSlope(n, n.Select(v => 3 / Math.Sqrt(v)).ToArray()), 12);
    }

    [Fact]
    public void A_doubling_has_factor_two_per_step_and_noise_averages_out()
    {
        double[] t = [5, 6, 7, 8];
        Assert.Equal(2, GrowthFit.FactorPerStep(t, t.Select(v => 0.01 * Math.Pow(2, v)).ToArray()), 12);
        // Multiplicative noise ×1.1 / ÷1.1 alternating around a ×3 growth: the fit still finds 3 within 5 %.
        double[] k = [1, 2, 3, 4, 5, 6];
        var noisy = k.Select((v, i) => Math.Pow(3, v) * (i % 2 == 0 ? 1.1 : 1 / 1.1)).ToArray();
        Assert.InRange(GrowthFit.FactorPerStep(k, noisy), 2.85, 3.15);
    }

    [Fact]
    public void Bad_input_is_explained()
    {
        Assert.Throws<ArgumentException>(() => GrowthFit.LogLogSlope([1, 2], [1, 0]));
        Assert.Throws<ArgumentException>(() => GrowthFit.FactorPerStep([1], [1]));
        Assert.Throws<ArgumentException>(() => GrowthFit.FactorPerStep([2, 2], [1, 3]));
    }
}
