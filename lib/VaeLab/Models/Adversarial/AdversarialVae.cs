using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Adversarial;

/// <summary>
/// The VAE-GAN of Larsen et al. (2016), whatever its networks: a VAE whose reconstruction error is measured in the
/// feature space of a GAN discriminator, trained with that discriminator. Its forward pass is the ELBO pass (q(z|x),
/// p(z), the pixel likelihood p(x|z), so the ELBO stays measurable) plus three terms, per example:
/// <list type="bullet">
/// <item><see cref="FeatureReconstruction"/> ½‖Dis_l(x̃) − Dis_l(x)‖², the Gaussian −log p(Dis_l(x) | z) with unit
/// variance, up to a constant, x̃ the decoded mean at z ~ q(z|x);</item>
/// <item><see cref="Adversarial"/> −log D(x̃) − log D(x_p), the decoder's GAN loss for its reconstructions and for
/// x_p decoded from z_p ~ N(0, I) (the non-saturating form of Goodfellow et al. 2014, §3, instead of log(1 − D));</item>
/// <item><see cref="Discriminator"/> −log D(x) − log(1 − D(x̃)) − log(1 − D(x_p)), the discriminator's loss (−L_GAN).</item>
/// </list>
/// Each part minimises its own weighted sum of these terms (and, in a hybrid, of the pixel log-likelihood) as a
/// <c>ParameterGroup</c>: <see cref="EncoderParameters"/>, <see cref="DecoderParameters"/>, <see cref="DiscriminatorParameters"/>.
/// Subclasses supply the networks.
/// </summary>
public abstract class AdversarialVae : GaussianVae
{
    protected AdversarialVae(string name) : base(name) { }

    public static Term FeatureReconstruction { get; } = new("feature_reconstruction");

    public static Term Adversarial { get; } = new("adversarial");

    public static Term Discriminator { get; } = new("discriminator");

    public abstract IReadOnlyList<Parameter> EncoderParameters { get; }

    public abstract IReadOnlyList<Parameter> DecoderParameters { get; }

    public abstract IReadOnlyList<Parameter> DiscriminatorParameters { get; }

    /// <summary>The weight of the decoder's last layer (where VQ-GAN's adaptive weight compares the two losses' gradients).</summary>
    public abstract Parameter DecoderOutputWeight { get; }

    /// <summary>The discriminator's feature layer l, flattened to [N, F], and its logit [N] (D = σ(logit) is "real").</summary>
    public abstract (Tensor Features, Tensor Logit) Discriminate(Tensor images);

    public override ModelOutput forward(Tensor x)
    {
        var elbo = ElboPass.Run(this, x);
        var latent = elbo.Latent!;
        var reconstruction = latent.Likelihood.mean;
        var prior = DecoderLikelihood.Mean(Decode(randn([x.shape[0], LatentSize], dtype: x.dtype)));
        var (realFeatures, realLogit) = Discriminate(x);
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

    /// <summary>
    /// The share of <paramref name="images"/> [N, ...] the discriminator calls real (D &gt; ½), in evaluation mode without
    /// gradient: on test images it is the discriminator's accuracy on real images, on generated ones one minus its accuracy.
    /// </summary>
    public double ShareJudgedReal(Tensor images)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            using var logits = Data.Batches.Map(images, 1000, batch => Discriminate(batch).Logit);
            return logits.gt(0).to_type(ScalarType.Float64).mean().item<double>();
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|) so it never overflows.</summary>
    private static Tensor Softplus(Tensor x) => x.clamp_min(0) + (-x.abs()).exp().log1p();

    /// <summary>Leaky ReLU with slope 0.2 below 0 (Radford et al. 2016's discriminator).</summary>
    protected static Tensor LeakyRelu(Tensor x) => x.clamp_min(0) - 0.2 * (-x).clamp_min(0);

    protected static IReadOnlyList<Parameter> ParametersOf(params Module[] parts) => parts.SelectMany(p => p.parameters()).ToList();
}
