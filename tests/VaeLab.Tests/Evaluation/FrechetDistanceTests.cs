using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class FrechetDistanceTests
{
    private static FeatureMoments Gaussian(double[] mean, double[,] covariance) =>
        new(tensor(mean, ScalarType.Float64), tensor(covariance, ScalarType.Float64));

    [Fact]
    public void CommutingCovariancesByHand()
    {
        // Diagonal covariances: d² = ‖Δμ‖² + Σ_i (σ1_i − σ2_i)² = (1 + 4) + (1 − 2)² + (2 − 1)² = 7.
        var a = Gaussian([0, 0], new double[,] { { 1, 0 }, { 0, 4 } });
        var b = Gaussian([1, 2], new double[,] { { 4, 0 }, { 0, 1 } });
        Assert.Equal(7.0, FrechetDistance.Between(a, b), 10);
        Assert.Equal(7.0, FrechetDistance.Between(b, a), 10);
        Assert.Equal(0.0, FrechetDistance.Between(a, a), 10);
    }

    [Fact]
    public void NonCommutingCovariancesByHand()
    {
        // Σ1 = diag(2, ½), Σ2 = [[1, ½], [½, 1]]: M = Σ1^½ Σ2 Σ1^½ = [[2, ½], [½, ½]]. For a 2×2 positive
        // semi-definite M, tr √M = √(tr M + 2 √det M) = √(2.5 + 2 √0.75). With μ1 = (1, 0), μ2 = (0, 1):
        // d² = 2 + (2.5 + 2) − 2 √(2.5 + √3).
        var a = Gaussian([1, 0], new double[,] { { 2, 0 }, { 0, 0.5 } });
        var b = Gaussian([0, 1], new double[,] { { 1, 0.5 }, { 0.5, 1 } });
        var expected = 2 + 4.5 - 2 * Math.Sqrt(2.5 + Math.Sqrt(3));
        Assert.Equal(expected, FrechetDistance.Between(a, b), 10);
        Assert.Equal(expected, FrechetDistance.Between(b, a), 10);
    }

    [Fact]
    public void FeatureSetsApproachTheirGaussians()
    {
        using var generator = new Generator(11);
        var first = randn([40_000, 2], ScalarType.Float64, generator: generator) * tensor(new[] { 1.0, 2.0 }) ;
        var second = randn([40_000, 2], ScalarType.Float64, generator: generator) * tensor(new[] { 2.0, 1.0 }) + tensor(new[] { 1.0, 2.0 });
        Assert.InRange(FrechetDistance.Between(first, second), 6.8, 7.2);
        Assert.InRange(FrechetDistance.Between(first.narrow(0, 0, 20_000), first.narrow(0, 20_000, 20_000)), 0, 0.01);
        Assert.Throws<ArgumentException>(() => FrechetDistance.Between(first, randn(10, 3)));
        Assert.Throws<ArgumentException>(() => FeatureMoments.Of(randn(1, 3)));
    }
}
