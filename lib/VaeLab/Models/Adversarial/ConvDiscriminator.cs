using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Adversarial;

/// <summary>
/// A DCGAN-style discriminator (Radford et al. 2016) for small images: two stride-2 convolutions with leaky ReLUs
/// (28 → 14 → 7 for Fashion-MNIST) and a linear layer to one logit. Its feature layer l is the last convolution's map,
/// flattened: features that respond to local structure (edges, strokes, texture) where they occur in the image.
/// </summary>
public sealed class ConvDiscriminator : Module<Tensor, (Tensor Features, Tensor Logit)>
{
    private readonly TorchSharp.Modules.Conv2d conv1;
    private readonly TorchSharp.Modules.Conv2d conv2;
    private readonly TorchSharp.Modules.Linear output;
    private readonly ImageShape shape;

    public ConvDiscriminator(ImageShape shape, int channels1, int channels2) : base(nameof(ConvDiscriminator))
    {
        shape.Validate();
        if (channels1 < 1 || channels2 < 1)
            throw new ArgumentException($"The discriminator's channel counts must be positive; got {channels1}/{channels2}.");
        if (shape.Height % 4 != 0 || shape.Width % 4 != 0)
            throw new ArgumentException($"The discriminator halves the image twice, so height and width must be divisible by 4; got {shape}.");
        this.shape = shape;
        conv1 = Conv2d(shape.Channels, channels1, 4, stride: 2, padding: 1);
        conv2 = Conv2d(channels1, channels2, 4, stride: 2, padding: 1);
        output = Linear(channels2 * (shape.Height / 4) * (shape.Width / 4), 1);
        RegisterComponents();
    }

    /// <summary>Images [N, ...] (any layout with the shape's values per row) → features [N, F] and logits [N].</summary>
    public override (Tensor Features, Tensor Logit) forward(Tensor images)
    {
        var hidden = LeakyRelu(conv1.call(shape.Batch(images, nameof(ConvDiscriminator))));
        var features = LeakyRelu(conv2.call(hidden)).flatten(1);
        return (features, output.call(features).squeeze(1));
    }

    /// <summary>Leaky ReLU with slope 0.2 below 0 (Radford et al. 2016).</summary>
    private static Tensor LeakyRelu(Tensor x) => x.clamp_min(0) - 0.2 * (-x).clamp_min(0);
}
