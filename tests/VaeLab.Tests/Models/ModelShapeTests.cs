using VaeLab.Training.Catalogue;
using VaeLab.Distributions;
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
        var latent = output.RequireLatent("test");
        Assert.Equal(new long[] { 5, 1, side, side }, ((PixelLikelihood)latent.Likelihood).DecoderOutput.shape);
        Assert.Equal(new long[] { 5, 16 }, latent.Posterior.mean.shape);
        Assert.Equal(new long[] { 5, 16 }, latent.Kl.PerVariable.shape);
        Assert.Equal(new long[] { 5 }, output.LogLikelihood.shape);
        Assert.Equal(new long[] { 3, 5, 1, side, side }, model.Decode(randn(3, 5, 16)).shape);
    }

    [Fact]
    public void EveryCatalogueModelReportsTheElboTermsForMnistAndSpriteShapes()
    {
        foreach (var entry in ModelCatalogue.All.Where(e => e.Data == DataKind.Images))
        foreach (var shape in new[] { ImageShape.Mnist, new ImageShape(1, 32, 32) })
        {
            var data = new ImageData(shape);
            var given = new[] { new KeyValuePair<string, string>("latent", "4") }.Where(s => entry.Declares(s.Key));
            var model = entry.Build(entry.Options(data, given), data, seed: 1).Module;
            using var output = model.call(rand(3, 1, shape.Height, shape.Width));
            Assert.Equal(new long[] { 3 }, output.Elbo.shape);
            Assert.True((output.Elbo < 0).all().item<bool>(), $"{entry.Name} {shape}");
            // Every catalogue model is written in distributions: the KL per latent variable sums to the KL term (a constant
            // log K per code position for the discrete-code models).
            var kl = output.RequireLatent(entry.Name).Kl;
            Assert.True(output.Kl.allclose(kl.PerVariable.sum(dim: 1)));
            Assert.Equal(model is VqVae or FsqAutoencoder ? KlMethod.Constant : KlMethod.ClosedForm, kl.Method);
        }
    }

    [Fact]
    public void ACatalogueSeedGivesTheSameWeightsAndLeavesTheGlobalGeneratorAlone()
    {
        manual_seed(123);
        var expected = rand(3);
        manual_seed(123);
        var mnist = new ImageData(ImageShape.Mnist);
        var options = ModelCatalogue.Mlp.Defaults(mnist) with { LatentSize = 3, HiddenSize = 8 };
        var a = ModelCatalogue.Mlp.Create(options, mnist, seed: 5);
        var afterCreate = rand(3);
        var b = ModelCatalogue.Mlp.Create(options, mnist, seed: 5);
        Assert.True(expected.eq(afterCreate).all().item<bool>(), "creating a model moved torch's global generator");
        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.eq(p.Second).all().item<bool>()));
        Assert.Throws<ArgumentException>(() => ModelCatalogue.Find("no-such-model"));
        Assert.Contains("trains on images", Assert.Throws<ArgumentException>(() => ModelCatalogue.Mlp.Defaults(new SequenceData(10))).Message);
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
