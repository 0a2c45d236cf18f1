using TorchSharp.Modules;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models.Adversarial;

/// <summary>
/// Sizes of the convolutional VAE-GAN: the encoder and decoder are a <see cref="ConvVae"/>'s (channels, latent size,
/// Bernoulli decoder), the discriminator a <see cref="ConvDiscriminator"/> with its own channel counts.
/// </summary>
public sealed record ConvVaeGanOptions(int LatentSize = 16, int Channels1 = 32, int Channels2 = 64,
    int DiscriminatorChannels1 = 32, int DiscriminatorChannels2 = 64, ImageShape? Shape = null)
{
    /// <summary>The options of the VAE whose encoder and decoder this model uses (its control, and its warm start).</summary>
    public ConvVaeOptions Autoencoder => new(LatentSize, Channels1, Channels2, Shape);

    public void Validate()
    {
        Autoencoder.Validate();
        if (DiscriminatorChannels1 < 1 || DiscriminatorChannels2 < 1)
            throw new ArgumentException($"The discriminator's channel counts must be positive; got {DiscriminatorChannels1}/{DiscriminatorChannels2}.");
    }
}

/// <summary>
/// The VAE-GAN of Larsen et al. (2016) with convolutional networks, as theirs (see <see cref="AdversarialVae"/> for its
/// terms): a <see cref="ConvVae"/>'s encoder and decoder and a <see cref="ConvDiscriminator"/> whose last convolution's
/// map is the feature layer l. <see cref="CopyAutoencoderFrom"/> starts it from a trained conv VAE (the adversarial terms
/// switched on after a VAE phase, as VQ-GAN's released training delays its discriminator).
/// </summary>
public sealed class ConvVaeGan : AdversarialVae
{
    private readonly ConvVae autoencoder;
    private readonly ConvDiscriminator discriminator;

    public ConvVaeGan(ConvVaeGanOptions? options = null) : base(nameof(ConvVaeGan))
    {
        Options = options ?? new ConvVaeGanOptions();
        Options.Validate();
        autoencoder = new ConvVae(Options.Autoencoder);
        discriminator = new ConvDiscriminator(Options.Autoencoder.Image, Options.DiscriminatorChannels1, Options.DiscriminatorChannels2);
        RegisterComponents();
    }

    public ConvVaeGanOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => autoencoder.DecoderLikelihood;

    public override IReadOnlyList<Parameter> EncoderParameters => autoencoder.EncoderParameters;

    public override IReadOnlyList<Parameter> DecoderParameters => autoencoder.DecoderParameters;

    public override IReadOnlyList<Parameter> DiscriminatorParameters => discriminator.parameters().ToList();

    public override Parameter DecoderOutputWeight => autoencoder.DecoderOutputWeight;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x) => autoencoder.Encode(x);

    public override Tensor Decode(Tensor z) => autoencoder.Decode(z);

    public override (Tensor Features, Tensor Logit) Discriminate(Tensor images) => discriminator.call(images);

    /// <summary>Sets the encoder and decoder to a copy of <paramref name="trained"/>'s (same sizes); the discriminator is untouched.</summary>
    public void CopyAutoencoderFrom(ConvVae trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        if (trained.Options.LatentSize != Options.LatentSize || trained.Options.Channels1 != Options.Channels1 ||
            trained.Options.Channels2 != Options.Channels2 || trained.Options.Image != Options.Autoencoder.Image ||
            trained.DecoderLikelihood != autoencoder.DecoderLikelihood)
            throw new ArgumentException($"The VAE to copy must have this model's sizes (latent {Options.LatentSize}, channels {Options.Channels1}/{Options.Channels2}, {Options.Autoencoder.Image}, {autoencoder.DecoderLikelihood}).");
        using var noGrad = no_grad();
        foreach (var (mine, theirs) in autoencoder.parameters().Zip(trained.parameters())) mine.copy_(theirs);
    }
}
