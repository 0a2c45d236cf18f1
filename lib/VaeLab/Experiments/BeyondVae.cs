using TorchSharp;
using VaeLab.Data.Sources;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Models.Adversarial;
using VaeLab.Models.Diffusion;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>
/// Notebook 09's training settings: the MLP VAE (784-400-16) of sections 3–5, the latent denoiser trained on draws from
/// its aggregate posterior, the feature classifier, and section 6's VAE-GAN recipe (<see cref="VaeGanRecipe"/>).
/// </summary>
public sealed record BeyondVaeSettings(
    int VaeEpochs = 4,
    int DenoiserEpochs = 20,
    int ClassifierEpochs = 3,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    int HiddenSize = 400,
    int LatentSize = 16,
    VaeGanRecipe? Gan = null,
    LatentDenoiserOptions? Denoiser = null)
{
    public LatentDenoiserOptions DenoiserOptions => Denoiser ?? new LatentDenoiserOptions(LatentSize: LatentSize);

    public VaeGanRecipe GanRecipe => Gan ?? new VaeGanRecipe();
}

/// <summary>
/// Section 6's VAE-GAN and its control, both convolutional (<see cref="ConvVae"/>, <see cref="ConvVaeGan"/>) with the
/// notebook's latent size and batch size. Phase 1: a conv VAE trained on the ELBO for <see cref="VaeEpochs"/> epochs
/// (Adam at the settings' learning rate). Phase 2, from a copy of it, for <see cref="AdversarialEpochs"/> epochs with the
/// same optimizer for both (Adam, β₁ = <see cref="Beta1"/>, <see cref="LearningRate"/>): the VAE-GAN's three groups, and
/// the control — the same VAE trained on the ELBO alone. Weights: the encoder minimises KL
/// + <see cref="PixelWeight"/> · (−log p(x|z)) + <see cref="FeatureWeight"/> · ½‖Dis_l(x̃) − Dis_l(x)‖², the decoder
/// the pixel and feature terms with the same weights + <see cref="AdversarialWeight"/> · its GAN loss, the discriminator
/// its own loss. The defaults are Larsen et al.'s (2016) loss — pixel 0, feature 1, adversarial 1 — after a VAE phase (they
/// have none). Chosen by a one-seed experiment (session notes h09, 2026-12-07): on 10,000 Fashion-MNIST images, 3 + 3
/// epochs, this recipe's prior samples scored best of the variants tried (FID-like 32.8 against the control's 99.7); the
/// same loss from scratch scored 89.4, a hybrid with the pixel term and adversarial weight 10 scored 41.8.
/// </summary>
public sealed record VaeGanRecipe(
    int VaeEpochs = 3,
    int AdversarialEpochs = 3,
    double PixelWeight = 0.0,
    double FeatureWeight = 1.0,
    double AdversarialWeight = 1.0,
    double LearningRate = 3e-4,
    double Beta1 = 0.5,
    int TrainImages = 10000,
    int Channels1 = 16,
    int Channels2 = 32,
    bool AdaptiveWeight = false)
{
    public void Validate()
    {
        if (VaeEpochs < 0 || AdversarialEpochs < 1)
            throw new ArgumentException($"The VAE phase needs 0 or more epochs and the adversarial phase at least 1; got {VaeEpochs} and {AdversarialEpochs}.");
        foreach (var (name, weight) in new[] { ("pixel", PixelWeight), ("feature", FeatureWeight), ("adversarial", AdversarialWeight) })
            if (!(weight >= 0) || !double.IsFinite(weight)) throw new ArgumentException($"The {name} weight must be finite and non-negative; got {weight}.");
        if (PixelWeight == 0 && FeatureWeight == 0)
            throw new ArgumentException("With neither a pixel nor a feature weight the encoder has no reconstruction term; give one of them a positive weight.");
        if (TrainImages < 1) throw new ArgumentException($"Train on at least one image; got {TrainImages}.");
    }

    /// <summary>The model's sizes (the discriminator's channels are the encoder's).</summary>
    public ConvVaeGanOptions Options(int latentSize) => new(latentSize, Channels1, Channels2, Channels1, Channels2);

    public override string ToString() =>
        $"{(VaeEpochs > 0 ? $"{VaeEpochs} VAE epoch(s), then " : "")}{AdversarialEpochs} adversarial epoch(s) on {TrainImages:N0} images; weights pixel {PixelWeight:G3}, " +
        $"feature {FeatureWeight:G3}, adversarial {AdversarialWeight:G3}{(AdaptiveWeight ? " × VQ-GAN's adaptive λ" : "")}; Adam β₁ = {Beta1:G2} at {LearningRate:G2}";
}

/// <summary>A VAE-GAN and its control, trained from the same VAE phase (<see cref="VaeGanRecipe"/>).</summary>
public sealed record VaeGanWithControl(TrainedModel<ConvVaeGan> Gan, TrainedModel<ConvVae> Control, double VaePhaseSeconds)
{
    public int Seed => Gan.Seed;
}

/// <summary>A trained model with its run and its test-set terms.</summary>
public sealed record TrainedModel<TModel>(TModel Model, TrainingResult Run, ElboSummary Test, int Seed);

/// <summary>The training recipes of notebook 09 (each through the one <see cref="Trainer"/>).</summary>
public static class BeyondVae
{
    /// <summary>The small classifier whose hidden features the FID-like score reads, trained on (image, label) pairs.</summary>
    public static (ImageClassifier Classifier, TrainingResult Run, double TestAccuracy) TrainClassifier(
        Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels, int epochs, int seed)
    {
        var classifier = WithSeed(seed, () => new ImageClassifier());
        var run = new Trainer<Paired>(classifier, new WeightedTerms((ImageClassifier.CrossEntropy, 1.0)),
                new TrainingConfig(Seed: seed, Epochs: epochs, BatchSize: 128, LearningRate: 2e-3))
            { Title = "feature classifier" }
            .Fit(new PairedBatches(trainImages, trainLabels));
        return (classifier, run, ClassifierFrechet.Accuracy(classifier, testImages, testLabels));
    }

    /// <summary>The MLP VAE (784-400-16, Bernoulli decoder), trained on the ELBO.</summary>
    public static TrainedModel<MlpVae> TrainVae(Tensor train, Tensor test, BeyondVaeSettings settings, int seed)
    {
        var vae = WithSeed(seed, () => new MlpVae(new MlpVaeOptions(HiddenSize: settings.HiddenSize, LatentSize: settings.LatentSize)));
        var config = new TrainingConfig(Seed: seed, Epochs: settings.VaeEpochs, BatchSize: settings.BatchSize, LearningRate: settings.LearningRate);
        var run = new Trainer(vae, Objective.Elbo(), config) { Title = $"MLP VAE, seed {seed}" }.Fit(train);
        return new TrainedModel<MlpVae>(vae, run, Evaluator.Evaluate(vae, test, seed: seed), seed);
    }

    /// <summary>
    /// Section 6: the conv VAE phase, then from copies of it the VAE-GAN and the control (see <see cref="VaeGanRecipe"/>),
    /// each on the first <see cref="VaeGanRecipe.TrainImages"/> training images.
    /// </summary>
    public static VaeGanWithControl TrainVaeGanWithControl(Tensor train, Tensor test, BeyondVaeSettings settings, int seed)
    {
        var recipe = settings.GanRecipe;
        recipe.Validate();
        using var images = train.narrow(0, 0, Math.Min(recipe.TrainImages, train.shape[0]));
        var (vae, vaeSeconds) = TrainConvVaePhase(images, settings, seed);
        var gan = TrainConvVaeGan(vae, images, test, settings, seed);
        var control = ContinueConvVae(vae, images, test, settings, seed);
        return new VaeGanWithControl(gan, control, vaeSeconds);
    }

    /// <summary>Phase 1: a conv VAE with the recipe's sizes, trained on the ELBO for its VAE epochs (none: as initialised).</summary>
    public static (ConvVae Vae, double Seconds) TrainConvVaePhase(Tensor train, BeyondVaeSettings settings, int seed)
    {
        var recipe = settings.GanRecipe;
        var vae = WithSeed(seed, () => new ConvVae(recipe.Options(settings.LatentSize).Autoencoder));
        if (recipe.VaeEpochs == 0) return (vae, 0);
        var config = new TrainingConfig(Seed: seed, Epochs: recipe.VaeEpochs, BatchSize: settings.BatchSize, LearningRate: settings.LearningRate);
        var run = new Trainer(vae, Objective.Elbo(), config) { Title = $"conv VAE (VAE phase), seed {seed}" }.Fit(train);
        return (vae, run.Seconds);
    }

    /// <summary>Phase 2 of the control: <paramref name="vae"/> trained on the ELBO with the adversarial phase's optimizer and epochs.</summary>
    public static TrainedModel<ConvVae> ContinueConvVae(ConvVae vae, Tensor train, Tensor test, BeyondVaeSettings settings, int seed)
    {
        var recipe = settings.GanRecipe;
        var run = new Trainer(vae, Objective.Elbo(), AdversarialPhase(recipe, settings, seed)) { Title = $"conv VAE (control), seed {seed}" }.Fit(train);
        return new TrainedModel<ConvVae>(vae, run, Evaluator.Evaluate(vae, test, seed: seed), seed);
    }

    /// <summary>
    /// Phase 2: a <see cref="ConvVaeGan"/> starting from a copy of <paramref name="start"/>'s encoder and decoder, its three
    /// groups stepped jointly (one forward pass, then each part's step, as Larsen et al.'s released code does) with the recipe's
    /// weights. Every step's terms are recorded.
    /// </summary>
    public static TrainedModel<ConvVaeGan> TrainConvVaeGan(ConvVae start, Tensor train, Tensor test, BeyondVaeSettings settings, int seed)
    {
        var recipe = settings.GanRecipe;
        recipe.Validate();
        var model = WithSeed(seed + 1, () => new ConvVaeGan(recipe.Options(settings.LatentSize)));
        model.CopyAutoencoderFrom(start);
        var run = new Trainer(model, Groups(model, recipe), AdversarialPhase(recipe, settings, seed), GroupStepping.Joint)
            { Title = $"VAE-GAN, seed {seed}", RecordSteps = true }.Fit(train);
        return new TrainedModel<ConvVaeGan>(model, run, Evaluator.Evaluate(model, test, seed: seed), seed);
    }

    /// <summary>The three parameter groups of a VAE-GAN with the recipe's weights (a zero weight leaves its term out).</summary>
    public static IReadOnlyList<ParameterGroup> Groups(AdversarialVae model, VaeGanRecipe recipe)
    {
        recipe.Validate();
        var reconstruction = new List<(Term, double)>();
        if (recipe.PixelWeight > 0) reconstruction.Add((Term.LogLikelihood, recipe.PixelWeight));
        if (recipe.FeatureWeight > 0) reconstruction.Add((AdversarialVae.FeatureReconstruction, recipe.FeatureWeight));
        var decoder = new List<(Term, double)>(reconstruction);
        if (recipe.AdversarialWeight > 0 && !recipe.AdaptiveWeight) decoder.Add((AdversarialVae.Adversarial, recipe.AdversarialWeight));
        IObjective decoderObjective = recipe.AdaptiveWeight && recipe.AdversarialWeight > 0
            ? new AdaptiveAdversarialWeight(new WeightedTerms([.. decoder]), AdversarialVae.Adversarial, recipe.AdversarialWeight, model.DecoderOutputWeight)
            : new WeightedTerms([.. decoder]);
        return
        [
            new ParameterGroup("encoder", model.EncoderParameters, new WeightedTerms([(Term.Kl, 1.0), .. reconstruction])),
            new ParameterGroup("decoder", model.DecoderParameters, decoderObjective),
            new ParameterGroup("discriminator", model.DiscriminatorParameters, new WeightedTerms((AdversarialVae.Discriminator, 1.0))),
        ];
    }

    private static TrainingConfig AdversarialPhase(VaeGanRecipe recipe, BeyondVaeSettings settings, int seed) =>
        new(Seed: seed, Epochs: recipe.AdversarialEpochs, BatchSize: settings.BatchSize, LearningRate: recipe.LearningRate,
            Optimizer: new AdamOptimizer(Beta1: recipe.Beta1));

    /// <summary>
    /// The latent DDPM: a <see cref="LatentDenoiser"/> trained on one draw z ~ q(z|x_n) per training image (a sample of
    /// the aggregate posterior, which is what the decoder was trained to decode).
    /// </summary>
    public static (LatentDenoiser Denoiser, TrainingResult Run) TrainDenoiser(AggregatePosterior aggregate, BeyondVaeSettings settings, int seed)
    {
        using var latents = aggregate.Sample((int)aggregate.Count, seed);
        var denoiser = WithSeed(seed, () => new LatentDenoiser(settings.DenoiserOptions));
        var config = new TrainingConfig(Seed: seed, Epochs: settings.DenoiserEpochs, BatchSize: 256, LearningRate: 1e-3);
        var run = new Trainer(denoiser, new WeightedTerms((LatentDenoiser.DenoisingLoss, 1.0)), config) { Title = $"latent DDPM, seed {seed}" }.Fit(latents);
        return (denoiser, run);
    }

    /// <summary>Builds a model with torch's generator seeded (its initial weights), restoring the generator afterwards.</summary>
    private static T WithSeed<T>(int seed, Func<T> create)
    {
        using var seeded = Common.TorchRandom.Seeded(seed);
        return create();
    }
}
