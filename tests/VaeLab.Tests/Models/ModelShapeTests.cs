using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ModelShapeTests
{
    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void ConvVaeTakesTheImageShapeAsAParameter(int side)
    {
        var model = new ConvVae(new ConvVaeOptions(LatentSize: 16, Shape: new ImageShape(1, side, side)));
        using var output = model.call(rand(5, 1, side, side));
        Assert.Equal(new long[] { 5, 1, side, side }, output.DecoderOutput!.shape);
        Assert.Equal(new long[] { 5, 16 }, output.Posterior!.mean.shape);
        Assert.Equal(new long[] { 5, 16 }, output.KlPerDimension!.shape);
        Assert.Equal(new long[] { 5 }, output.LogLikelihood.shape);
        Assert.Equal(new long[] { 3, 5, 1, side, side }, model.Decode(randn(3, 5, 16)).shape);
    }

    [Fact]
    public void EveryCatalogueModelReportsTheElboTermsForMnistAndSpriteShapes()
    {
        foreach (var entry in ModelCatalogue.All)
        foreach (var shape in new[] { ImageShape.Mnist, new ImageShape(1, 32, 32) })
        {
            var model = new ModelSpec(entry.Name, 4, 32, shape).Create(seed: 1);
            using var output = model.call(rand(3, 1, shape.Height, shape.Width));
            Assert.Equal(new long[] { 3 }, output.Elbo.shape);
            Assert.True((output.Elbo < 0).all().item<bool>(), $"{entry.Name} {shape}");
            // Discrete-code models (vq, fsq) have no Gaussian latent and report no KL per dimension.
            if (model is IDiscreteCodeModel) Assert.Null(output.KlPerDimension);
            else Assert.True(output.Kl.allclose(output.KlPerDimension!.sum(dim: 1)));
        }
    }

    [Fact]
    public void ACatalogueSeedGivesTheSameWeightsAndLeavesTheGlobalGeneratorAlone()
    {
        manual_seed(123);
        var expected = rand(3);
        manual_seed(123);
        var a = new ModelSpec("mlp", 3, 8).Create(seed: 5);
        var afterCreate = rand(3);
        var b = new ModelSpec("mlp", 3, 8).Create(seed: 5);
        Assert.True(expected.eq(afterCreate).all().item<bool>(), "creating a model moved torch's global generator");
        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.eq(p.Second).all().item<bool>()));
        Assert.Throws<ArgumentException>(() => new ModelSpec("resnet", 3).Create());
    }

    [Fact]
    public void DetachedSamplingCutsTheReconstructionPathToTheEncoder()
    {
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 3)) { Sampling = LatentSampling.Detached };
        using var output = model.call(rand(4, 16).round());
        output.LogLikelihood.sum().backward();
        var encoderGradient = model.named_parameters().Where(p => p.name.StartsWith("encoder")).Sum(p => p.parameter.grad?.abs().sum().item<float>() ?? 0);
        var decoderGradient = model.named_parameters().Where(p => p.name.StartsWith("decoder")).Sum(p => p.parameter.grad?.abs().sum().item<float>() ?? 0);
        Assert.Equal(0, encoderGradient);
        Assert.True(decoderGradient > 0);
    }

    [Fact]
    public void WrongShapesAreCSharpExceptionsNotNativeAborts()
    {
        var mlp = new MlpVae();
        Assert.Throws<ArgumentException>(() => mlp.call(rand(2, 1, 32, 32)));
        var conv = new ConvVae();
        Assert.Throws<ArgumentException>(() => conv.call(rand(2, 3, 28, 28)));
        Assert.Throws<ArgumentException>(() => conv.Decode(randn(2, 7)));
        Assert.Throws<ArgumentException>(() => new ConvVae(new ConvVaeOptions(LatentSize: 0)));
        Assert.Throws<ArgumentException>(() => new ConvVae(new ConvVaeOptions(Shape: new ImageShape(1, 30, 30))));
        Assert.Throws<ArgumentException>(() => new MlpVae().Decode(randn(2, 7)));
    }
}
