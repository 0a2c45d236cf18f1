using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of the convolutional VAE; the image shape is a parameter (height and width divisible by 4).</summary>
public sealed record ConvVaeOptions(int LatentSize = 16, int Channels1 = 32, int Channels2 = 64, ImageShape? Shape = null, DecoderLikelihood? Likelihood = null)
{
    public ImageShape Image => Shape ?? ImageShape.Mnist;

    public void Validate()
    {
        if (LatentSize < 1 || Channels1 < 1 || Channels2 < 1)
            throw new ArgumentException($"All sizes must be positive; got latent {LatentSize}, channels {Channels1}/{Channels2}.");
        Image.Validate();
        if (Image.Height % 4 != 0 || Image.Width % 4 != 0)
            throw new ArgumentException($"The conv VAE halves the image twice, so height and width must be divisible by 4; got {Image}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// A convolutional VAE: the <see cref="ConvGaussianEncoder"/> (two stride-2 convolutions, 28 → 14 → 7 for MNIST,
/// 32 → 16 → 8 for the sprites, into linear heads for μ and log σ²), and its mirror image back with transposed
/// convolutions. The decoder returns the parameters of p(x|z) shaped [N, C, H, W].
/// </summary>
public sealed class ConvVae : GaussianVae
{
    private readonly ConvGaussianEncoder encoder;
    private readonly TorchSharp.Modules.Linear decoderInput;
    private readonly TorchSharp.Modules.ConvTranspose2d deconv1;
    private readonly TorchSharp.Modules.ConvTranspose2d deconv2;

    public ConvVae(ConvVaeOptions? options = null) : base(nameof(ConvVae))
    {
        Options = options ?? new ConvVaeOptions();
        Options.Validate();
        var image = Options.Image;
        var flat = Options.Channels2 * (image.Height / 4) * (image.Width / 4);
        encoder = new ConvGaussianEncoder(image, Options.Channels1, Options.Channels2, Options.LatentSize, nameof(ConvVae));
        decoderInput = Linear(Options.LatentSize, flat);
        deconv1 = ConvTranspose2d(Options.Channels2, Options.Channels1, 4, stride: 2, padding: 1);
        deconv2 = ConvTranspose2d(Options.Channels1, image.Channels * DecoderLikelihood.OutputsPerValue, 4, stride: 2, padding: 1);
        RegisterComponents();
    }

    public ConvVaeOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    /// <summary>The encoder's parameters (the convolutions and the μ, log σ² heads), for training it as its own group.</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> EncoderParameters => encoder.parameters().ToList();

    /// <summary>The decoder's parameters.</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> DecoderParameters =>
        new Module[] { decoderInput, deconv1, deconv2 }.SelectMany(m => m.parameters()).ToList();

    /// <summary>The weight of the decoder's last (transposed) convolution.</summary>
    public TorchSharp.Modules.Parameter DecoderOutputWeight => deconv2.weight!;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x) => encoder.call(x);

    /// <summary>Decodes [N, D] into [N, C, H, W], or [K, N, D] into [K, N, C, H, W].</summary>
    public override Tensor Decode(Tensor z)
    {
        if (z.dim() < 2 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"ConvVae decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        var image = Options.Image;
        var leading = z.shape[..^1];
        var hidden = functional.relu(decoderInput.call(z.reshape(-1, Options.LatentSize)))
            .view(-1, Options.Channels2, image.Height / 4, image.Width / 4);
        var output = deconv2.call(functional.relu(deconv1.call(hidden)));
        return output.reshape([.. leading, image.Channels * DecoderLikelihood.OutputsPerValue, image.Height, image.Width]);
    }
}
