using VaeLab.Numerics;
using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class GaussianMeanFieldTests
{
    private static GaussianMeanField Target(double rho) => new([1, -1], new[,] { { 1, rho }, { rho, 1 } });

    [Fact]
    public void CaviConvergesToTheMeanWithPrecisionDiagonalVariances()
    {
        var target = Target(0.9);
        var trace = target.ReverseKlCavi([3, 3], 200);
        var q = trace[^1];
        Assert.Equal(1, q.Mean[0], 8);
        Assert.Equal(-1, q.Mean[1], 8);
        Assert.Equal(1 - 0.81, q.Variance[0], 10); // 1/Λ_11 = 1 − ρ²
        for (var i = 1; i < trace.Count; i++) Assert.True(target.KlQToP(trace[i]) <= target.KlQToP(trace[i - 1]) + 1e-12);
    }

    [Fact]
    public void EachOptimumWinsItsOwnDivergence()
    {
        var target = Target(0.8);
        var reverse = target.ReverseKlCavi([0, 0], 300)[^1];
        var forward = target.ForwardKlOptimum();
        Assert.True(target.KlQToP(reverse) < target.KlQToP(forward));
        Assert.True(target.KlPToQ(forward) < target.KlPToQ(reverse));
        // Perturbing the variance of either optimum makes its own divergence worse.
        foreach (var scale in new[] { 0.9, 1.1 })
        {
            Assert.True(target.KlQToP(reverse with { Variance = reverse.Variance.Select(v => v * scale).ToArray() }) > target.KlQToP(reverse));
            Assert.True(target.KlPToQ(forward with { Variance = forward.Variance.Select(v => v * scale).ToArray() }) > target.KlPToQ(forward));
        }
    }

    [Fact]
    public void GaussianKlMatchesTheScalarFormula()
    {
        var kl = SmallMatrix.GaussianKl([0.5], new[,] { { 2.0 } }, [1.5], new[,] { { 0.5 } });
        Assert.Equal(0.5 * (Math.Log(0.5 / 2) + (2 + 1) / 0.5 - 1), kl, 12);
        Assert.Throws<ArgumentException>(() => new GaussianMeanField([0, 0], new[,] { { 1.0, 2 }, { 2, 1 } }));
    }
}
