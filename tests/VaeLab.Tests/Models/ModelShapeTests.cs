using VaeLab.Losses;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ModelShapeTests
{
    [Fact]
    public void ConvVaeEncodesAndDecodesImageBatches()
    {
        var model = new ConvVae(new ConvVaeOptions(LatentSize: 16));
        var (logits, mean, logVariance) = model.forward(rand(5, 1, 28, 28));
        Assert.Equal(new long[] { 5, 1, 28, 28 }, logits.shape);
        Assert.Equal(new long[] { 5, 16 }, mean.shape);
        Assert.Equal(new long[] { 5, 16 }, logVariance.shape);
        Assert.Equal(new long[] { 3, 5, 1, 28, 28 }, model.Decode(randn(3, 5, 16)).shape);
    }

    [Fact]
    public void ElboWorksForBothArchitectures()
    {
        foreach (var spec in new[] { new VaeSpec(VaeArchitecture.Mlp, 4, 32), new VaeSpec(VaeArchitecture.Conv, 4) })
        {
            var model = (IGaussianVae)spec.Create(seed: 1);
            var terms = Elbo.Compute(model, rand(3, 1, 28, 28));
            Assert.Equal(new long[] { 3 }, terms.Elbo.shape);
            Assert.True((terms.Elbo < 0).all().item<bool>());
        }
    }

    [Fact]
    public void WrongShapesAreCSharpExceptionsNotNativeAborts()
    {
        var mlp = new MlpVae();
        Assert.Throws<ArgumentException>(() => mlp.forward(rand(2, 1, 32, 32)));
        var conv = new ConvVae();
        Assert.Throws<ArgumentException>(() => conv.forward(rand(2, 3, 28, 28)));
        Assert.Throws<ArgumentException>(() => conv.Decode(randn(2, 7)));
        Assert.Throws<ArgumentException>(() => new ConvVae(new ConvVaeOptions(LatentSize: 0)));
    }
}

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class MlpVaeDecodeTests
{
    [Fact]
    public void DecodingLatentsOfTheWrongSizeThrows() =>
        Assert.Throws<ArgumentException>(() => new MlpVae().Decode(randn(2, 7)));
}
