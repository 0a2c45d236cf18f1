using VaeLab.Numerics;
using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class SpecialFunctionsTests
{
    [Fact]
    public void LogGammaMatchesFactorialsAndHalf()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 12);
        Assert.Equal(Math.Log(120), SpecialFunctions.LogGamma(6), 12);
        Assert.Equal(0.0, SpecialFunctions.LogGamma(1), 12);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI) * 3 / 4), SpecialFunctions.LogGamma(2.5), 12); // Γ(5/2) = 3√π/4
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(3.7)]
    [InlineData(40.0)]
    public void DigammaIsTheDerivativeOfLogGamma(double x)
    {
        var h = 1e-5 * Math.Max(1, x);
        var numeric = (SpecialFunctions.LogGamma(x + h) - SpecialFunctions.LogGamma(x - h)) / (2 * h);
        Assert.Equal(numeric, SpecialFunctions.Digamma(x), 6);
        Assert.Equal(SpecialFunctions.Digamma(x) + 1 / x, SpecialFunctions.Digamma(x + 1), 12);
    }

    [Fact]
    public void DigammaOfOneIsMinusEulerGamma() => Assert.Equal(-0.5772156649015329, SpecialFunctions.Digamma(1), 12);

    [Fact]
    public void GammaDrawsHaveTheRightMoments()
    {
        var random = new Random(3);
        foreach (var (shape, rate) in new[] { (0.5, 2.0), (3.0, 0.5) })
        {
            var draws = Enumerable.Range(0, 200_000).Select(_ => SpecialFunctions.Gamma(random, shape, rate)).ToArray();
            var mean = draws.Average();
            var variance = draws.Select(d => (d - mean) * (d - mean)).Average();
            Assert.Equal(shape / rate, mean, 0.02 * shape / rate);
            Assert.Equal(shape / (rate * rate), variance, 0.05 * shape / (rate * rate));
        }
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Digamma(-1));
    }
}
