using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// The encoder of the discrete autoencoders: two stride-2 4 × 4 convolutions (28 → 14 → 7 for MNIST-sized images) with
/// ReLUs, then a 1 × 1 convolution to <c>outputChannels</c>: one vector per cell of a (H/4) × (W/4) grid, [N, D, H/4, W/4].
/// </summary>
public sealed class CodeGridEncoder : Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d conv1;
    private readonly TorchSharp.Modules.Conv2d conv2;
    private readonly TorchSharp.Modules.Conv2d project;

    public CodeGridEncoder(ImageShape image, int channels1, int channels2, int outputChannels) : base(nameof(CodeGridEncoder))
    {
        Image = image;
        conv1 = Conv2d(image.Channels, channels1, 4, stride: 2, padding: 1);
        conv2 = Conv2d(channels1, channels2, 4, stride: 2, padding: 1);
        project = Conv2d(channels2, outputChannels, 1);
        RegisterComponents();
    }

    public ImageShape Image { get; }

    public override Tensor forward(Tensor x)
    {
        var images = Image.Batch(x, "The encoder");
        return project.call(functional.relu(conv2.call(functional.relu(conv1.call(images)))));
    }
}
