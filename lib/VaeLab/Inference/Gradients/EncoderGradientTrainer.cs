using System.Diagnostics;
using TorchSharp;
using VaeLab.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Inference.Gradients;

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
    EncoderGradientMode Mode, int Step, double Epoch, double TrainElbo, double TestElbo, double TestReconstruction, double TestKl,
    double EncoderGradientFromReconstruction, double EncoderGradientFromKl, double Seconds);

/// <summary>The outcome of one run: the trained model and its checkpoints.</summary>
public sealed record EncoderTrainingRun<TModel>(EncoderGradientMode Mode, TModel Model, IReadOnlyList<EncoderTrainingCheckpoint> Checkpoints)
{
    public EncoderTrainingCheckpoint Final => Checkpoints[^1];
}

/// <summary>
/// A compact Adam training loop for the comparison of encoder gradient modes: same initial weights (the model is built
/// after seeding), same batches and same seed for every mode, so the curves differ only by how the encoder gets its gradient.
/// </summary>
public static class EncoderGradientTrainer
{
    public static EncoderTrainingRun<TModel> Train<TModel>(
        Func<TModel> createModel, Tensor trainImages, Tensor testImages, EncoderGradientMode mode,
        EncoderGradientTrainingOptions options, Action<EncoderTrainingCheckpoint>? progress = null)
        where TModel : Module, IGaussianVae
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckImages(trainImages, nameof(trainImages), options.BatchSize);
        CheckImages(testImages, nameof(testImages), 1);

        manual_seed(options.Seed);
        var model = createModel();
        var optimizer = optim.Adam(model.parameters(), options.LearningRate);
        var shuffle = new Generator((ulong)options.Seed);
        var trainCount = trainImages.shape[0];
        var batchesPerEpoch = (int)(trainCount / options.BatchSize);
        var checkpointEvery = Math.Max(1, batchesPerEpoch / options.CheckpointsPerEpoch);
        using var diagnosticBatch = trainImages[TensorIndex.Slice(0, options.BatchSize)].detach().clone();

        var checkpoints = new List<EncoderTrainingCheckpoint>();
        var clock = Stopwatch.StartNew();
        var step = 0;
        double windowElbo = 0;
        var windowSteps = 0;

        checkpoints.Add(Checkpoint(model, mode, step, 0, double.NaN, testImages, diagnosticBatch, options.BatchSize, clock));
        progress?.Invoke(checkpoints[^1]);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            model.train();
            using var order = randperm(trainCount, generator: shuffle);
            for (var b = 0; b < batchesPerEpoch; b++)
            {
                using (var scope = NewDisposeScope())
                {
                    var x = trainImages.index_select(0, order[TensorIndex.Slice(b * options.BatchSize, (b + 1) * options.BatchSize)]);
                    optimizer.zero_grad();
                    var batch = ElboSurrogate.Compute(model, x, mode);
                    var loss = batch.Loss.item<float>();
                    if (!float.IsFinite(loss))
                        throw new InvalidOperationException(
                            $"The {mode} loss became {loss} at step {step}; lower the learning rate (now {options.LearningRate}).");
                    batch.Loss.backward();
                    optimizer.step();
                    windowElbo += batch.Elbo.item<float>();
                    windowSteps++;
                }
                step++;
                var lastOfEpoch = b == batchesPerEpoch - 1;
                if (step % checkpointEvery == 0 || lastOfEpoch)
                {
                    if (windowSteps == 0) continue;
                    checkpoints.Add(Checkpoint(model, mode, step, (double)step / batchesPerEpoch, windowElbo / windowSteps,
                        testImages, diagnosticBatch, options.BatchSize, clock));
                    progress?.Invoke(checkpoints[^1]);
                    windowElbo = 0;
                    windowSteps = 0;
                }
            }
        }
        return new EncoderTrainingRun<TModel>(mode, model, checkpoints);
    }

    /// <summary>Mean single-sample ELBO, reconstruction and KL over <paramref name="images"/> (nats per image).</summary>
    public static (double Elbo, double Reconstruction, double Kl) Evaluate(IGaussianVae model, Tensor images, int batchSize = 500)
    {
        using var noGrad = no_grad();
        double elbo = 0, reconstruction = 0, kl = 0;
        var count = images.shape[0];
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var x = images[TensorIndex.Slice(start, Math.Min(count, start + batchSize))];
            var batch = ElboSurrogate.Compute(model, x, EncoderGradientMode.Pathwise);
            var weight = (double)x.shape[0] / count;
            elbo += batch.Elbo.item<float>() * weight;
            reconstruction += batch.Reconstruction.item<float>() * weight;
            kl += batch.Kl.item<float>() * weight;
        }
        return (elbo, reconstruction, kl);
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
        var fromKl = GradientNorm(Losses.GaussianKl.Total(mean, logVariance).sum(), mean, logVariance);
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

    private static EncoderTrainingCheckpoint Checkpoint<TModel>(
        TModel model, EncoderGradientMode mode, int step, double epoch, double trainElbo, Tensor testImages, Tensor diagnosticBatch,
        int batchSize, Stopwatch clock) where TModel : Module, IGaussianVae
    {
        model.eval();
        var (elbo, reconstruction, kl) = Evaluate(model, testImages);
        var (fromReconstruction, fromKl) = EncoderGradientNorms(model, diagnosticBatch, mode);
        foreach (var p in model.parameters()) p.grad?.zero_();
        model.train();
        return new EncoderTrainingCheckpoint(mode, step, epoch, trainElbo, elbo, reconstruction, kl, fromReconstruction, fromKl, clock.Elapsed.TotalSeconds);
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
