using System.Diagnostics;
using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Inference.Gradients;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>Settings of the three-way comparison in notebook 03 (the same for every <see cref="EncoderGradientMode"/>).</summary>
public sealed record EncoderGradientTrainingOptions(
    int Epochs = 5, int BatchSize = 100, double LearningRate = 1e-3, int Seed = 42, int CheckpointsPerEpoch = 4)
{
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 2) throw new ArgumentException($"BatchSize must be at least 2 (the score-function baseline needs it); got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive; got {LearningRate}.");
        if (CheckpointsPerEpoch < 1) throw new ArgumentException($"CheckpointsPerEpoch must be at least 1; got {CheckpointsPerEpoch}.");
    }
}

/// <summary>
/// A measurement taken during training. ELBO values are nats per image (higher is better); the two gradient norms
/// are the mean over a fixed batch of ‖∂/∂(μ, log σ²)‖ per example, from the reconstruction part of the loss and from
/// the KL part: what the encoder's outputs are told by each term.
/// </summary>
public sealed record EncoderTrainingCheckpoint(
    EncoderGradientMode Mode, int Step, double Epoch, double TrainElbo, double TestElbo, double TestLogLikelihood, double TestKl,
    double EncoderGradientFromReconstruction, double EncoderGradientFromKl, double Seconds)
{
    public double TestReconstructionLoss => -TestLogLikelihood;
}

/// <summary>The outcome of one run: the trained model and its checkpoints.</summary>
public sealed record EncoderTrainingRun<TModel>(EncoderGradientMode Mode, TModel Model, IReadOnlyList<EncoderTrainingCheckpoint> Checkpoints)
{
    public EncoderTrainingCheckpoint Final => Checkpoints[^1];
}

/// <summary>
/// Notebook 03's comparison of how the encoder gets its gradient, trained through the one <see cref="Trainer"/>: each
/// mode is a sampling choice plus an objective (pathwise: rsample and the ELBO; detached: sample and the ELBO;
/// score-function: sample, the ELBO and <see cref="ScoreFunctionSurrogate"/>), with a per-step probe that records test
/// ELBO and encoder gradient norms. Same initial weights, batches and seed for every mode.
/// </summary>
public static class EncoderGradientComparison
{
    public static EncoderTrainingRun<TModel> Train<TModel>(
        Func<TModel> createModel, Tensor trainImages, Tensor testImages, EncoderGradientMode mode,
        EncoderGradientTrainingOptions options, Action<EncoderTrainingCheckpoint>? progress = null)
        where TModel : GaussianVae
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckImages(trainImages, nameof(trainImages), options.BatchSize);
        CheckImages(testImages, nameof(testImages), 1);

        TModel model;
        using (TorchRandom.Seeded(options.Seed)) model = createModel();
        model.Sampling = mode == EncoderGradientMode.Pathwise ? LatentSampling.Reparameterized : LatentSampling.Detached;
        var objective = mode == EncoderGradientMode.ScoreFunction
            ? new Objective { ExtraTerms = [(ScoreFunctionSurrogate.Term, ScoreFunctionSurrogate.LossTerm)] }
            : Objective.Elbo();

        using var diagnosticBatch = trainImages.narrow(0, 0, options.BatchSize).detach().clone();
        var stepsPerEpoch = (int)((trainImages.shape[0] + options.BatchSize - 1) / options.BatchSize);
        var checkpointEvery = Math.Max(1, stepsPerEpoch / options.CheckpointsPerEpoch);
        var checkpoints = new List<EncoderTrainingCheckpoint>();
        var clock = Stopwatch.StartNew();
        double windowElbo = 0;
        var windowSteps = 0;

        void Record(int step, double trainElbo)
        {
            checkpoints.Add(Measure(model, mode, step, (double)step / stepsPerEpoch, trainElbo, testImages, diagnosticBatch, options.Seed, clock));
            progress?.Invoke(checkpoints[^1]);
        }

        Record(0, double.NaN);
        var trainer = new Trainer(model, objective, new TrainingConfig(options.Seed, options.Epochs, options.BatchSize, options.LearningRate))
        {
            Progress = TrainingProgress.None,
            Title = $"{mode} encoder gradients",
            OnStep = report =>
            {
                windowElbo += report.Output.Elbo.mean().item<float>();
                windowSteps++;
                var step = (int)report.Step.GlobalStep + 1;
                if (step % checkpointEvery != 0 && report.Step.Step != report.Step.StepsPerEpoch - 1) return;
                Record(step, windowElbo / windowSteps);
                (windowElbo, windowSteps) = (0, 0);
            },
        };
        trainer.Fit(trainImages);
        return new EncoderTrainingRun<TModel>(mode, model, checkpoints);
    }

    /// <summary>
    /// Per-example norms of the gradient that the reconstruction part and the KL part of <paramref name="mode"/>'s loss
    /// send to the encoder's outputs (μ, log σ²), on <paramref name="x"/>.
    /// </summary>
    public static (double FromReconstruction, double FromKl) EncoderGradientNorms(IGaussianVae model, Tensor x, EncoderGradientMode mode)
    {
        using var scope = NewDisposeScope();
        var (meanOut, logVarianceOut) = model.Encode(x);
        var mean = meanOut.detach().requires_grad_();
        var logVariance = logVarianceOut.detach().requires_grad_();
        var batch = ElboSurrogate.FromEncoding(model, x, mean, logVariance, mode);
        var n = x.shape[0];
        var fromReconstruction = GradientNorm(batch.ReconstructionSurrogate * n, mean, logVariance);
        var fromKl = GradientNorm(EncoderDiagnostics.KlOf(mean, logVariance).sum(), mean, logVariance);
        if (model is nn.Module module) module.zero_grad(); // backward also reached the decoder's parameters
        return (fromReconstruction, fromKl);
    }

    private static double GradientNorm(Tensor scalar, Tensor mean, Tensor logVariance)
    {
        mean.grad?.zero_();
        logVariance.grad?.zero_();
        if (scalar.requires_grad) scalar.backward();
        var parts = new[] { mean.grad, logVariance.grad }.Where(g => g is not null).Select(g => g!.square()).ToList();
        if (parts.Count == 0) return 0;
        var squared = parts.Count == 1 ? parts[0] : parts[0] + parts[1];
        var norms = squared.sum(dim: 1).sqrt();
        mean.grad?.zero_();
        logVariance.grad?.zero_();
        return norms.mean().item<float>();
    }

    private static EncoderTrainingCheckpoint Measure(
        GaussianVae model, EncoderGradientMode mode, int step, double epoch, double trainElbo, Tensor testImages, Tensor diagnosticBatch,
        int seed, Stopwatch clock)
    {
        var test = Evaluator.Evaluate(model, testImages, 500, seed + step);
        var wasTraining = model.training;
        model.eval();
        var (fromReconstruction, fromKl) = EncoderGradientNorms(model, diagnosticBatch, mode);
        model.train(wasTraining);
        return new EncoderTrainingCheckpoint(mode, step, epoch, trainElbo, test.Elbo, test.LogLikelihood, test.Kl, fromReconstruction, fromKl, clock.Elapsed.TotalSeconds);
    }

    private static void CheckImages(Tensor images, string name, int minimum)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.dim() < 2 || images.shape[0] < minimum)
            throw new ArgumentException($"Expected at least {minimum} images shaped [N, ...]; got [{string.Join(", ", images.shape)}].", name);
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException($"Expected float32 images with values in [0, 1]; got {images.dtype}.", name);
    }
}
