using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>The one convolutional encoder of the Gaussian image VAEs (<see cref="ConvVae"/>, <see cref="ResNetVae"/>).</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ConvGaussianEncoderTests
{
    [Fact]
    public void The_conv_and_resnet_vaes_share_one_encoder_drawn_first_from_the_seed()
    {
        // With the same seed and the same channels the two models' encoders are the same block with the same weights.
        manual_seed(5);
        using var conv = new ConvVae(new ConvVaeOptions(LatentSize: 4, Channels1: 8, Channels2: 8));
        manual_seed(5);
        using var resnet = new ResNetVae(new ResNetVaeOptions(LatentSize: 4, Channels: 8));
        string[] Encoder(nn.Module model) => model.named_parameters().Select(p => p.name).Where(n => n.StartsWith("encoder.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["encoder.conv1.weight", "encoder.conv1.bias", "encoder.conv2.weight", "encoder.conv2.bias",
            "encoder.mean.weight", "encoder.mean.bias", "encoder.logVariance.weight", "encoder.logVariance.bias"], Encoder(conv));
        Assert.Equal(Encoder(conv), Encoder(resnet));
        using var images = rand(3, 1, 28, 28);
        var (convMean, convLogVariance) = conv.Encode(images);
        var (resnetMean, resnetLogVariance) = resnet.Encode(images.flatten(1));
        Assert.True(convMean.equal(resnetMean).all().item<bool>() && convLogVariance.equal(resnetLogVariance).all().item<bool>());
    }

    [Fact]
    public void The_shared_encoder_changed_no_parameter_count_or_initial_value()
    {
        // Fingerprints of the models as they were written before the encoder was shared (ConvVae and ResNetVae with
        // their own convolutions, main 468e40c), seed 0, default options: parameter count and Σ of all parameters.
        // The seeded initialisation draws the encoder's layers first, in the same order, so both are unchanged.
        foreach (var (name, make, count, sum) in new (string, Func<GaussianVae>, long, double)[]
        {
            ("conv", () => new ConvVae(), 220385, 38.494376797548284),
            ("resnet", () => new ResNetVae(), 147745, 24.526505914164602),
        })
        {
            manual_seed(0);
            using var model = make();
            var measured = (Count: model.parameters().Sum(p => p.numel()), Sum: model.parameters().Sum(p => p.to_type(ScalarType.Float64).sum().item<double>()));
            Assert.True(measured.Count == count && Math.Abs(measured.Sum - sum) < 1e-9, $"{name}: {measured.Count} parameters summing to {measured.Sum:R}; before: {count}, {sum:R}");
        }
    }

    [Fact]
    public void A_batch_that_is_not_images_of_the_models_shape_names_the_model()
    {
        using var conv = new ConvVae();
        using var resnet = new ResNetVae();
        Assert.StartsWith("ConvVae expects images of shape", Assert.Throws<ArgumentException>(() => conv.Encode(zeros(2, 10))).Message);
        Assert.StartsWith("ResNetVae expects images of shape", Assert.Throws<ArgumentException>(() => resnet.Encode(zeros(2, 1, 32, 32))).Message);
    }
}
