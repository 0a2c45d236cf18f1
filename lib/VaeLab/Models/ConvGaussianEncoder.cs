using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// The convolutional encoder of the Gaussian image VAEs (<see cref="ConvVae"/>, <see cref="ResNetVae"/>): two stride-2
/// 4 × 4 convolutions with ReLUs (28 → 14 → 7 for MNIST, 32 → 16 → 8 for the sprites), flattened into two linear heads,
/// μ and log σ² of q(z|x) = N(μ, diag σ²). Takes images [N, C, H, W] (or flattened, [N, C·H·W]); H and W divisible by 4.
/// </summary>
public sealed class ConvGaussianEncoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly TorchSharp.Modules.Conv2d conv1;
    private readonly TorchSharp.Modules.Conv2d conv2;
    private readonly TorchSharp.Modules.Linear mean;
    private readonly TorchSharp.Modules.Linear logVariance;
    private readonly ImageShape image;
    private readonly string owner;

    /// <param name="owner">The model named in the one-line error for a batch that is not images of <paramref name="image"/>'s shape.</param>
    public ConvGaussianEncoder(ImageShape image, int channels1, int channels2, int latentSize, string owner) : base(nameof(ConvGaussianEncoder))
    {
        this.image = image;
        this.owner = owner;
        var flat = channels2 * (image.Height / 4) * (image.Width / 4);
        // Created in this order (the order the seeded initialisation draws from torch's generator).
        conv1 = Conv2d(image.Channels, channels1, 4, stride: 2, padding: 1);
        conv2 = Conv2d(channels1, channels2, 4, stride: 2, padding: 1);
        mean = Linear(flat, latentSize);
        logVariance = Linear(flat, latentSize);
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVariance) forward(Tensor x)
    {
        var hidden = functional.relu(conv2.call(functional.relu(conv1.call(image.Batch(x, owner))))).flatten(1);
        return (mean.call(hidden), logVariance.call(hidden));
    }
}
