using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of the convolutional VAE (28×28 single-channel images).</summary>
public sealed record ConvVaeOptions(int LatentSize = 16, int Channels1 = 32, int Channels2 = 64)
{
    public void Validate()
    {
        if (LatentSize < 1 || Channels1 < 1 || Channels2 < 1)
            throw new ArgumentException($"All sizes must be positive; got latent {LatentSize}, channels {Channels1}/{Channels2}.");
    }
}

/// <summary>
/// A convolutional VAE for 28×28 images: two stride-2 convolutions (28 → 14 → 7) into linear heads for μ and
/// log σ², and the mirror image back with transposed convolutions. The decoder returns Bernoulli logits
/// [N, 1, 28, 28].
/// </summary>
public sealed class ConvVae : Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVariance)>, IGaussianVae
{
    private const int Side = 28;
    private const int CodeSide = 7;

    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear encoderMean;
    private readonly Linear encoderLogVariance;
    private readonly Linear decoderInput;
    private readonly ConvTranspose2d deconv1;
    private readonly ConvTranspose2d deconv2;

    public ConvVae(ConvVaeOptions? options = null) : base(nameof(ConvVae))
    {
        Options = options ?? new ConvVaeOptions();
        Options.Validate();
        var flat = Options.Channels2 * CodeSide * CodeSide;
        conv1 = Conv2d(1, Options.Channels1, 4, stride: 2, padding: 1);
        conv2 = Conv2d(Options.Channels1, Options.Channels2, 4, stride: 2, padding: 1);
        encoderMean = Linear(flat, Options.LatentSize);
        encoderLogVariance = Linear(flat, Options.LatentSize);
        decoderInput = Linear(Options.LatentSize, flat);
        deconv1 = ConvTranspose2d(Options.Channels2, Options.Channels1, 4, stride: 2, padding: 1);
        deconv2 = ConvTranspose2d(Options.Channels1, 1, 4, stride: 2, padding: 1);
        RegisterComponents();
    }

    public ConvVaeOptions Options { get; }

    public int LatentSize => Options.LatentSize;

    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var images = AsImages(x);
        var hidden = functional.relu(conv2.forward(functional.relu(conv1.forward(images)))).flatten(1);
        return (encoderMean.forward(hidden), encoderLogVariance.forward(hidden));
    }

    /// <summary>Decodes [N, D] into logits [N, 1, 28, 28], or [K, N, D] into [K, N, 1, 28, 28].</summary>
    public Tensor Decode(Tensor z)
    {
        if (z.dim() < 2 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"ConvVae decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        var leading = z.shape[..^1];
        var flat = z.reshape(-1, Options.LatentSize);
        var hidden = functional.relu(decoderInput.forward(flat)).view(-1, Options.Channels2, CodeSide, CodeSide);
        var logits = deconv2.forward(functional.relu(deconv1.forward(hidden)));
        return logits.reshape([.. leading, 1, Side, Side]);
    }

    public override (Tensor Logits, Tensor Mean, Tensor LogVariance) forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        return (Decode(MlpVae.Reparameterize(mean, logVariance)), mean, logVariance);
    }

    private static Tensor AsImages(Tensor x)
    {
        if (x.dim() >= 1 && x.numel() == x.shape[0] * Side * Side)
            return x.reshape(x.shape[0], 1, Side, Side);
        throw new ArgumentException($"ConvVae expects 28×28 single-channel images ([N, 1, 28, 28] or [N, 784]); got [{string.Join(", ", x.shape)}].");
    }
}
