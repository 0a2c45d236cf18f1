using TorchSharp;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Graph;

public class InnerProductGraphSamplerTests
{
    [Fact]
    public void SampledGraphIsUndirectedWithTheDecodersEdgeRate()
    {
        using var generator = new Generator(1);
        // Two groups of codes: +e₁·3 and −e₁·3. Inside a group σ(9) ≈ 1, across σ(−9) ≈ 0.
        var z = zeros(40, 2);
        z.narrow(0, 0, 20).select(1, 0).fill_(3);
        z.narrow(0, 20, 20).select(1, 0).fill_(-3);
        var a = InnerProductGraphSampler.Sample(z, generator);
        Assert.Equal(0.0, (a - a.t()).abs().max().ToDouble());
        Assert.Equal(0.0, a.diagonal().abs().sum().ToDouble());
        var within = a.narrow(0, 0, 20).narrow(1, 0, 20).sum().ToDouble() / (20 * 19);
        var across = a.narrow(0, 0, 20).narrow(1, 20, 20).sum().ToDouble() / (20 * 20);
        Assert.InRange(within, 0.97, 1.0);
        Assert.InRange(across, 0.0, 0.03);
    }

    [Fact]
    public void PriorLatentsInSixteenDimensionsGiveAboutHalfOfAllPairs()
    {
        // z_i · z_j of two N(0, I₁₆) vectors is symmetric around 0, so σ of it averages ½: a dense graph.
        using var generator = new Generator(2);
        var a = InnerProductGraphSampler.Sample(InnerProductGraphSampler.PriorLatents(200, 16, generator), generator);
        var density = a.sum().ToDouble() / (200 * 199);
        Assert.InRange(density, 0.45, 0.55);
        Assert.Throws<ArgumentException>(() => InnerProductGraphSampler.PriorLatents(1, 16, generator));
        Assert.Throws<ArgumentException>(() => InnerProductGraphSampler.Sample(zeros(5), generator));
    }
}
