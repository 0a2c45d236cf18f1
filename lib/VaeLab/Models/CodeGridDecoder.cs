using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// The decoder of the discrete autoencoders, the mirror of <see cref="CodeGridEncoder"/>: a 3 × 3 convolution from the
/// code vectors [N, D, H/4, W/4] to <c>channels2</c>, then two stride-2 transposed convolutions back to the image size.
/// Returns the decoder's output (Bernoulli logits) [N, C, H, W].
/// </summary>
public sealed class CodeGridDecoder : Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d expand;
    private readonly TorchSharp.Modules.ConvTranspose2d deconv1;
    private readonly TorchSharp.Modules.ConvTranspose2d deconv2;

    public CodeGridDecoder(ImageShape image, int channels1, int channels2, int inputChannels) : base(nameof(CodeGridDecoder))
    {
        expand = Conv2d(inputChannels, channels2, 3, padding: 1);
        deconv1 = ConvTranspose2d(channels2, channels1, 4, stride: 2, padding: 1);
        deconv2 = ConvTranspose2d(channels1, image.Channels, 4, stride: 2, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor codes) =>
        deconv2.call(functional.relu(deconv1.call(functional.relu(expand.call(codes)))));
}
