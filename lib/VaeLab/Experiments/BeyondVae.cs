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
/// Notebook 09's training settings: the MLP VAE and the VAE-GAN share sizes (784-400-16), data and epochs; the latent
/// denoiser trains on draws from the VAE's aggregate posterior. The full-mode epochs fit the notebook's 250 s share of
/// the series on 2 cores (measured 2026-12-07: a VAE-GAN epoch on 20,000 images ≈ 7.3 s, a VAE epoch ≈ 1.6 s).
/// </summary>
public sealed record BeyondVaeSettings(
    int VaeEpochs = 4,
    int GanEpochs = 4,
    int DenoiserEpochs = 20,
    int ClassifierEpochs = 3,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    int HiddenSize = 400,
    int LatentSize = 16,
    double Gamma = 1.0,
    double GanPixelWeight = 0.0,
    double GanLearningRate = 3e-4,
    LatentDenoiserOptions? Denoiser = null)
{
    public LatentDenoiserOptions DenoiserOptions => Denoiser ?? new LatentDenoiserOptions(LatentSize: LatentSize);
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
    /// The VAE-GAN, three parameter groups stepped jointly as in Larsen et al. (2016): encoder on KL + feature
    /// reconstruction, decoder on γ · feature reconstruction + adversarial, discriminator on its own loss; Adam with
    /// β₁ = 0.5 (Radford et al. 2016) at <see cref="BeyondVaeSettings.GanLearningRate"/>. With
    /// <see cref="BeyondVaeSettings.GanPixelWeight"/> &gt; 0 the encoder and decoder also keep that much of the pixel
    /// log-likelihood (a hybrid; Larsen et al. drop it). Every step's terms are recorded (the instability chart).
    /// </summary>
    public static TrainedModel<VaeGan> TrainVaeGan(Tensor train, Tensor test, BeyondVaeSettings settings, int seed)
    {
        var model = WithSeed(seed, () => new VaeGan(new VaeGanOptions(HiddenSize: settings.HiddenSize, LatentSize: settings.LatentSize)));
        var encoderTerms = new List<(Term, double)> { (Term.Kl, 1.0), (VaeGan.FeatureReconstruction, 1.0) };
        var decoderTerms = new List<(Term, double)> { (VaeGan.FeatureReconstruction, settings.Gamma), (VaeGan.Adversarial, 1.0) };
        if (settings.GanPixelWeight > 0)
        {
            encoderTerms.Add((Term.LogLikelihood, settings.GanPixelWeight));
            decoderTerms.Add((Term.LogLikelihood, settings.GanPixelWeight));
        }
        var adam = new AdamOptimizer(Beta1: 0.5);
        var groups = new[]
        {
            new ParameterGroup("encoder", model.EncoderParameters, new WeightedTerms([.. encoderTerms]), adam, settings.GanLearningRate),
            new ParameterGroup("decoder", model.DecoderParameters, new WeightedTerms([.. decoderTerms]), adam, settings.GanLearningRate),
            new ParameterGroup("discriminator", model.DiscriminatorParameters, new WeightedTerms((VaeGan.Discriminator, 1.0)), adam, settings.GanLearningRate),
        };
        var config = new TrainingConfig(Seed: seed, Epochs: settings.GanEpochs, BatchSize: settings.BatchSize, LearningRate: settings.GanLearningRate);
        var run = new Trainer(model, groups, config, GroupStepping.Joint) { Title = $"VAE-GAN, seed {seed}", RecordSteps = true }.Fit(train);
        return new TrainedModel<VaeGan>(model, run, Evaluator.Evaluate(model, test, seed: seed), seed);
    }

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
