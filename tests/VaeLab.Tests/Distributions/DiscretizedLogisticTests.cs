using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

public class DiscretizedLogisticTests
{
    private static Tensor AllLevels(ScalarType dtype = ScalarType.Float32) =>
        arange(256, dtype: ScalarType.Float64).div(255).to_type(dtype);

    private static double Sigmoid(double t) => 1 / (1 + Math.Exp(-t));

    [Theory]
    [InlineData(0.5, -3.0)]
    [InlineData(0.0, -5.5)]
    [InlineData(1.0, -7.0)]
    [InlineData(0.37, -9.0)]   // below MinLogScale: clamped, still a distribution
    [InlineData(-2.0, -1.0)]   // mean far left of the pixel range: nearly all mass in the k = 0 bin
    [InlineData(3.0, 1.0)]     // scale wider than the whole range
    public void ProbabilitiesOfAll256ValuesSumToOne(double mean, double logScale)
    {
        var logP = DiscretizedLogistic.LogProbabilityPerPixel(AllLevels(), tensor((float)mean), tensor((float)logScale));
        Assert.Equal(new long[] { 256 }, logP.shape);
        Assert.Equal(0.0, logP.logsumexp(0).ToDouble(), 5);
    }

    [Fact]
    public void InnerBinEqualsCdfDifferenceComputedInFloat64()
    {
        const double mean = 0.4, logScale = -3.0;
        var scale = Math.Exp(logScale);
        var logP = DiscretizedLogistic.LogProbabilityPerPixel(AllLevels(ScalarType.Float64), tensor(mean), tensor(logScale))
            .data<double>().ToArray();
        foreach (var k in new[] { 1, 60, 102, 180, 254 })
        {
            var direct = Sigmoid((k / 255.0 + 0.5 / 255 - mean) / scale) - Sigmoid((k / 255.0 - 0.5 / 255 - mean) / scale);
            Assert.Equal(direct, Math.Exp(logP[k]), 12);
        }
        Assert.Equal(Sigmoid((0.5 / 255 - mean) / scale), Math.Exp(logP[0]), 12);
        Assert.Equal(1 - Sigmoid((254.5 / 255 - mean) / scale), Math.Exp(logP[255]), 12);
    }

    [Fact]
    public void FarTailBinStaysAccurateInFloat32()
    {
        // a ≈ 116.7, b ≈ 116.1: in float32 σ(a) − σ(b) rounds to 0 (log = −∞). In float64 the same mass is
        // σ(−b) − σ(−a), both terms ≈ 1e-51, computed without cancellation trouble.
        const double mean = 0.0, logScale = -5.0;
        var (a, b) = ((200.5 / 255 - mean) / Math.Exp(logScale), (199.5 / 255 - mean) / Math.Exp(logScale));
        var expected = Math.Log(Sigmoid(-b) - Sigmoid(-a));
        var x = tensor(new[] { 200f / 255 });
        var logP = DiscretizedLogistic.LogProbabilityPerPixel(x, tensor((float)mean), tensor((float)logScale)).ToDouble();
        Assert.Equal(expected, logP, 3);
        Assert.True(expected < -100);
    }

    [Fact]
    public void MatchesHandComputedValue()
    {
        // Scale 1/255 = one bin width, each pixel at its mean: the centre bin spans ±½ in standardised units, so
        // P = σ(½) − σ(−½) = tanh(¼); an edge pixel at its mean gets P = σ(½). Example total: 2 log σ(½) + log tanh(¼).
        var x = tensor(new[] { 128f / 255, 0f, 1f }).reshape(1, 3);
        var logScale = full(1, 3, (float)-Math.Log(255));
        var logP = DiscretizedLogistic.LogProbability(x, x.clone(), logScale);
        Assert.Equal(new long[] { 1 }, logP.shape);
        var expected = 2 * Math.Log(Sigmoid(0.5)) + Math.Log(Math.Tanh(0.25)); // = −2.35501
        Assert.Equal(expected, logP.ToDouble(), 5);
    }

    [Fact]
    public void SumsOverPixelsPerExample()
    {
        var x = tensor(new[] { 0f, 10f / 255, 1f, 0.5f, 0.25f, 0.75f }).reshape(2, 1, 1, 3);
        var mean = full(2, 1, 1, 3, 0.4f);
        var logScale = full(2, 1, 1, 3, -2f);
        var perPixel = DiscretizedLogistic.LogProbabilityPerPixel(x, mean, logScale);
        var perExample = DiscretizedLogistic.LogProbability(x, mean, logScale);
        Assert.Equal(new long[] { 2 }, perExample.shape);
        Assert.True(perExample.allclose(perPixel.reshape(2, 3).sum(dim: 1)));
    }

    [Theory]
    [InlineData(-20.0, -7.5)]
    [InlineData(20.0, -7.5)]
    [InlineData(0.5, -7.5)]
    [InlineData(0.5, -30.0)]
    [InlineData(0.5, 15.0)]
    public void GradientsStayFiniteForExtremeMeansAndSmallScales(double meanValue, double logScaleValue)
    {
        var x = tensor(new[] { 0f, 3f / 255, 0.5f, 252f / 255, 1f }).reshape(1, 5);
        var mean = full(1, 5, (float)meanValue).requires_grad_();
        var logScale = full(1, 5, (float)logScaleValue).requires_grad_();
        var logP = DiscretizedLogistic.LogProbability(x, mean, logScale);
        logP.sum().backward();
        Assert.True(logP.isfinite().all().item<bool>(), $"log p = {logP.ToDouble()}");
        Assert.True(mean.grad!.isfinite().all().item<bool>());
        Assert.True(logScale.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void BitsPerDimensionConvertsNats()
    {
        var logP = tensor(new[] { -784 * Math.Log(2), -2 * 784 * Math.Log(2) });
        Assert.Equal(new[] { 1.0, 2.0 }, DiscretizedLogistic.BitsPerDimension(logP, 784).data<double>().ToArray().Select(v => Math.Round(v, 12)));
        Assert.Equal(784.0, DiscretizedLogistic.Bits(logP)[0].ToDouble(), 9);
        Assert.Throws<ArgumentException>(() => DiscretizedLogistic.BitsPerDimension(logP, 0));
    }

    [Fact]
    public void SampleFrequenciesMatchProbabilities()
    {
        var generator = new TorchSharp.torch.Generator(5);
        var mean = full(20_000, 0.3f);
        var logScale = full(20_000, -4f);
        var samples = DiscretizedLogistic.Sample(mean, logScale, generator);
        var levels = (samples * 255).round().to_type(ScalarType.Int64);
        var counts = levels.bincount(null, 256).to_type(ScalarType.Float64) / 20_000;
        var probabilities = DiscretizedLogistic.LogProbabilityPerPixel(AllLevels(), tensor(0.3f), tensor(-4f)).exp().to_type(ScalarType.Float64);
        Assert.True((counts - probabilities).abs().max().ToDouble() < 0.01);
        var again = DiscretizedLogistic.Sample(mean, logScale, new TorchSharp.torch.Generator(5));
        Assert.Equal(0.0, (again - samples).abs().max().ToDouble());
    }

    [Fact]
    public void PixelsOutsideUnitIntervalThrow()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DiscretizedLogistic.LogProbability(tensor(new[] { -1f, 1f }).reshape(1, 2), zeros(1, 2), zeros(1, 2)));
        Assert.Contains("[0, 1]", error.Message);
    }
}
