using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// Sizes of the ResNet-decoder VAE; the image shape is a parameter (height and width divisible by 4).
/// </summary>
/// <param name="Channels">Channels of every convolution (encoder, residual blocks, upsampling).</param>
/// <param name="BlocksPerStage">Residual blocks at each of the decoder's two resolutions (7×7 and 14×14 for MNIST).</param>
public sealed record ResNetVaeOptions(int LatentSize = 16, int Channels = 32, int BlocksPerStage = 1, ImageShape? Shape = null, DecoderLikelihood? Likelihood = null)
{
    public ImageShape Image => Shape ?? ImageShape.Mnist;

    public void Validate()
    {
        if (LatentSize < 1 || Channels < 1 || BlocksPerStage < 0)
            throw new ArgumentException($"Latent size and channels must be positive and blocks per stage at least 0; got latent {LatentSize}, channels {Channels}, blocks {BlocksPerStage}.");
        Image.Validate();
        if (Image.Height % 4 != 0 || Image.Width % 4 != 0)
            throw new ArgumentException($"The ResNet-decoder VAE halves the image twice, so height and width must be divisible by 4; got {Image}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// A Gaussian VAE whose decoder is a small residual network: z → a C×(H/4)×(W/4) feature map, residual blocks, a stride-2
/// transposed convolution to H/2, residual blocks, and a last stride-2 transposed convolution to the parameters of p(x|z),
/// shaped [N, C, H, W]. The encoder is the conv VAE's, <see cref="ConvGaussianEncoder"/> (two stride-2 convolutions
/// into linear heads for μ and log σ²), with C channels in both convolutions.
/// The blocks are pre-activation (He et al. 2016, "Identity Mappings in Deep Residual Networks"): x + conv(relu(conv(relu(x)))).
/// </summary>
public sealed class ResNetVae : GaussianVae
{
    private readonly ConvGaussianEncoder encoder;
    private readonly TorchSharp.Modules.Linear decoderInput;
    private readonly TorchSharp.Modules.Sequential coarseBlocks;
    private readonly TorchSharp.Modules.ConvTranspose2d upsample;
    private readonly TorchSharp.Modules.Sequential fineBlocks;
    private readonly TorchSharp.Modules.ConvTranspose2d decoderOutput;

    public ResNetVae(ResNetVaeOptions? options = null) : base(nameof(ResNetVae))
    {
        Options = options ?? new ResNetVaeOptions();
        Options.Validate();
        var image = Options.Image;
        var channels = Options.Channels;
        var flat = channels * (image.Height / 4) * (image.Width / 4);
        encoder = new ConvGaussianEncoder(image, channels, channels, Options.LatentSize, nameof(ResNetVae));
        decoderInput = Linear(Options.LatentSize, flat);
        coarseBlocks = Blocks(channels, Options.BlocksPerStage);
        upsample = ConvTranspose2d(channels, channels, 4, stride: 2, padding: 1);
        fineBlocks = Blocks(channels, Options.BlocksPerStage);
        decoderOutput = ConvTranspose2d(channels, image.Channels * DecoderLikelihood.OutputsPerValue, 4, stride: 2, padding: 1);
        RegisterComponents();
    }

    public ResNetVaeOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x) => encoder.call(x);

    /// <summary>Decodes [N, D] into [N, C, H, W], or [K, N, D] into [K, N, C, H, W].</summary>
    public override Tensor Decode(Tensor z)
    {
        if (z.dim() < 2 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"ResNetVae decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        var image = Options.Image;
        var leading = z.shape[..^1];
        var coarse = decoderInput.call(z.reshape(-1, Options.LatentSize)).view(-1, Options.Channels, image.Height / 4, image.Width / 4);
        var fine = upsample.call(functional.relu(coarseBlocks.call(coarse)));
        var output = decoderOutput.call(functional.relu(fineBlocks.call(fine)));
        return output.reshape([.. leading, image.Channels * DecoderLikelihood.OutputsPerValue, image.Height, image.Width]);
    }

    // No batch normalisation in the blocks: the decoder of one z must not depend on the other latents in the batch (the
    // importance-weighted bound decodes K samples per image at once) nor on train/eval mode.
    private static TorchSharp.Modules.Sequential Blocks(int channels, int count) =>
        Sequential(Enumerable.Range(0, count).Select(i => ($"block{i}", (Module<Tensor, Tensor>)new ResidualBlock(channels))).ToArray());

    /// <summary>A pre-activation residual block: x + conv₂(relu(conv₁(relu(x)))), 3×3 convolutions that keep the size.</summary>
    private sealed class ResidualBlock : Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Conv2d first;
        private readonly TorchSharp.Modules.Conv2d second;

        public ResidualBlock(int channels) : base(nameof(ResidualBlock))
        {
            first = Conv2d(channels, channels, 3, padding: 1);
            second = Conv2d(channels, channels, 3, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => x + second.call(functional.relu(first.call(functional.relu(x))));
    }
}
