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
/// The VAE-GAN of Larsen et al. (2016): a VAE whose reconstruction error is measured in the feature space of a GAN
/// discriminator, trained with that discriminator. Its forward pass is the ELBO pass (q(z|x), p(z), a Bernoulli p(x|z),
/// so the ELBO stays measurable) plus three terms, per example:
/// <list type="bullet">
/// <item><see cref="FeatureReconstruction"/> ½‖Dis_l(x̃) − Dis_l(x)‖², the Gaussian −log p(Dis_l(x) | z) with unit
/// variance, up to a constant, x̃ the decoded mean at z ~ q(z|x);</item>
/// <item><see cref="Adversarial"/> −log D(x̃) − log D(x_p), the decoder's GAN loss for its reconstructions and for
/// x_p decoded from z_p ~ N(0, I) (the non-saturating form of Goodfellow et al. 2014, §3, instead of log(1 − D));</item>
/// <item><see cref="Discriminator"/> −log D(x) − log(1 − D(x̃)) − log(1 − D(x_p)), the discriminator's loss (−L_GAN).</item>
/// </list>
/// Each part minimises its own loss (their training algorithm) as a <c>ParameterGroup</c>: the encoder KL + feature
/// reconstruction, the decoder γ · feature reconstruction + adversarial, the discriminator its own term; the parameters
/// of each part are <see cref="EncoderParameters"/>, <see cref="DecoderParameters"/>, <see cref="DiscriminatorParameters"/>.
/// </summary>
public sealed class VaeGan : GaussianVae
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

    public static Term FeatureReconstruction { get; } = new("feature_reconstruction");

    public static Term Adversarial { get; } = new("adversarial");

    public static Term Discriminator { get; } = new("discriminator");

    public VaeGanOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => DecoderLikelihood.Bernoulli;

    public IReadOnlyList<Parameter> EncoderParameters => Parameters(encoderHidden, encoderMean, encoderLogVariance);

    public IReadOnlyList<Parameter> DecoderParameters => Parameters(decoderHidden, decoderOutput);

    public IReadOnlyList<Parameter> DiscriminatorParameters => Parameters(discriminatorHidden, discriminatorFeatures, discriminatorOutput);

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

    public override ModelOutput forward(Tensor x)
    {
        var elbo = ElboPass.Run(this, x);
        var latent = elbo.Latent!;
        var real = Flatten(x);
        var reconstruction = latent.Likelihood.mean.reshape(real.shape);
        var prior = DecoderLikelihood.Mean(Decode(randn([real.shape[0], Options.LatentSize], dtype: real.dtype)));
        var (realFeatures, realLogit) = Discriminate(real);
        var (reconstructionFeatures, reconstructionLogit) = Discriminate(reconstruction);
        var (_, priorLogit) = Discriminate(prior);
        var terms = new Dictionary<Term, Tensor>(elbo.Terms)
        {
            [FeatureReconstruction] = 0.5 * (reconstructionFeatures - realFeatures).pow(2).sum([1]),
            // −log σ(a) = softplus(−a), −log(1 − σ(a)) = softplus(a): the stable forms of the GAN's log-probabilities.
            [Adversarial] = Softplus(-reconstructionLogit) + Softplus(-priorLogit),
            [Discriminator] = Softplus(-realLogit) + Softplus(reconstructionLogit) + Softplus(priorLogit),
        };
        return new ModelOutput(terms, latent);
    }

    /// <summary>The discriminator's feature layer l [N, FeatureSize] and its logit [N] (D = σ(logit) is "real").</summary>
    public (Tensor Features, Tensor Logit) Discriminate(Tensor images)
    {
        var h = LeakyRelu(discriminatorHidden.call(Flatten(images)));
        var features = LeakyRelu(discriminatorFeatures.call(h));
        return (features, discriminatorOutput.call(features).squeeze(1));
    }

    /// <summary>log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|) so it never overflows.</summary>
    private static Tensor Softplus(Tensor x) => x.clamp_min(0) + (-x.abs()).exp().log1p();

    /// <summary>Leaky ReLU with slope 0.2 below 0 (Radford et al. 2016's discriminator).</summary>
    private static Tensor LeakyRelu(Tensor x) => x.clamp_min(0) - 0.2 * (-x).clamp_min(0);

    private static IReadOnlyList<Parameter> Parameters(params Module[] parts) => parts.SelectMany(p => p.parameters()).ToList();

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException($"VaeGan expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
