using TorchSharp.Modules;
using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Adversarial;

/// <summary>
/// Sizes of the VAE-GAN: the encoder and decoder are exactly <see cref="MlpVae"/>'s (one hidden layer each way, a
/// Bernoulli decoder), so a plain MLP VAE with the same sizes is its control; the discriminator is an MLP whose second
/// hidden layer is the feature layer l of Larsen et al.
/// </summary>
public sealed record VaeGanOptions(int InputSize = 784, int HiddenSize = 400, int LatentSize = 16,
    int DiscriminatorHidden = 512, int FeatureSize = 256)
{
    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || LatentSize < 1 || DiscriminatorHidden < 1 || FeatureSize < 1)
            throw new ArgumentException($"All sizes must be positive; got input {InputSize}, hidden {HiddenSize}, latent {LatentSize}, discriminator {DiscriminatorHidden}/{FeatureSize}.");
    }
}

/// <summary>
/// The VAE-GAN of Larsen et al. (2016) with MLP networks (see <see cref="AdversarialVae"/> for its terms): the encoder and
/// decoder of <see cref="MlpVae"/> and an MLP discriminator whose second hidden layer is the feature layer l. The
/// convolutional version, closer to their networks, is <see cref="ConvVaeGan"/>.
/// </summary>
public sealed class VaeGan : AdversarialVae
{
    private readonly TorchSharp.Modules.Linear encoderHidden;
    private readonly TorchSharp.Modules.Linear encoderMean;
    private readonly TorchSharp.Modules.Linear encoderLogVariance;
    private readonly TorchSharp.Modules.Linear decoderHidden;
    private readonly TorchSharp.Modules.Linear decoderOutput;
    private readonly TorchSharp.Modules.Linear discriminatorHidden;
    private readonly TorchSharp.Modules.Linear discriminatorFeatures;
    private readonly TorchSharp.Modules.Linear discriminatorOutput;

    public VaeGan(VaeGanOptions? options = null) : base(nameof(VaeGan))
    {
        Options = options ?? new VaeGanOptions();
        Options.Validate();
        encoderHidden = Linear(Options.InputSize, Options.HiddenSize);
        encoderMean = Linear(Options.HiddenSize, Options.LatentSize);
        encoderLogVariance = Linear(Options.HiddenSize, Options.LatentSize);
        decoderHidden = Linear(Options.LatentSize, Options.HiddenSize);
        decoderOutput = Linear(Options.HiddenSize, Options.InputSize);
        discriminatorHidden = Linear(Options.InputSize, Options.DiscriminatorHidden);
        discriminatorFeatures = Linear(Options.DiscriminatorHidden, Options.FeatureSize);
        discriminatorOutput = Linear(Options.FeatureSize, 1);
        RegisterComponents();
    }

    public VaeGanOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => DecoderLikelihood.Bernoulli;

    public override IReadOnlyList<Parameter> EncoderParameters => ParametersOf(encoderHidden, encoderMean, encoderLogVariance);

    public override IReadOnlyList<Parameter> DecoderParameters => ParametersOf(decoderHidden, decoderOutput);

    public override IReadOnlyList<Parameter> DiscriminatorParameters => ParametersOf(discriminatorHidden, discriminatorFeatures, discriminatorOutput);

    public override Parameter DecoderOutputWeight => decoderOutput.weight!;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var hidden = functional.relu(encoderHidden.call(Flatten(x)));
        return (encoderMean.call(hidden), encoderLogVariance.call(hidden));
    }

    public override Tensor Decode(Tensor z)
    {
        if (z.dim() < 1 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"VaeGan decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        return decoderOutput.call(functional.relu(decoderHidden.call(z)));
    }

    /// <summary>The discriminator's feature layer l [N, FeatureSize] and its logit [N] (D = σ(logit) is "real").</summary>
    public override (Tensor Features, Tensor Logit) Discriminate(Tensor images)
    {
        var h = LeakyRelu(discriminatorHidden.call(Flatten(images)));
        var features = LeakyRelu(discriminatorFeatures.call(h));
        return (features, discriminatorOutput.call(features).squeeze(1));
    }

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException($"VaeGan expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
