using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>What the trainer hands a per-step callback; the tensors live only during the callback.</summary>
public sealed record StepReport(StepInfo Step, double Loss, BatchLoss Batch);

/// <summary>
/// The training loop every notebook reuses: Adam on minibatches of a shuffled training set, a dispose scope
/// per batch, per-epoch metrics (train and test ELBO, reconstruction, KL, KL per dimension, time), live
/// progress, a stop with a clear message on a NaN/∞ loss, and atomic checkpoints with resume. Each epoch is
/// seeded from the config's seed and its number, so resuming reproduces an uninterrupted run exactly.
/// </summary>
public sealed class Trainer
{
    private readonly nn.Module model;
    private readonly ITrainingObjective objective;

    public Trainer(nn.Module model, ITrainingObjective objective, TrainingConfig config)
    {
        config.Validate();
        this.model = model;
        this.objective = objective;
        Config = config;
    }

    public TrainingConfig Config { get; }

    /// <summary>Where to write a checkpoint after each epoch (null: none).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Stored in checkpoints so a model can be rebuilt (e.g. a serialized VaeSpec).</summary>
    public string ModelDescription { get; init; } = "";

    public ITrainingProgress Progress { get; init; } = TrainingProgress.Auto();

    public string Title { get; init; } = "Training";

    /// <summary>Called after every step (e.g. to record KL per dimension over training).</summary>
    public Action<StepReport>? OnStep { get; init; }

    /// <summary>Trains on <paramref name="trainImages"/> [N, ...] and evaluates on <paramref name="testImages"/> after each epoch.</summary>
    public TrainingResult Fit(Tensor trainImages, Tensor? testImages = null)
    {
        if (trainImages.dim() < 2 || trainImages.shape[0] < 1)
            throw new ArgumentException($"Training images must be a non-empty batch [N, ...]; got [{string.Join(", ", trainImages.shape)}].");
        objective.ValidateData(trainImages, "training images");
        if (testImages is not null) objective.ValidateData(testImages, "test images");
        // The thread count is restored afterwards so one run's setting does not leak into the next cell.
        var previousThreads = torch.get_num_threads();
        if (Config.Threads is int threads) torch.set_num_threads(threads);
        try
        {
            return FitWithThreads(trainImages, testImages);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    private TrainingResult FitWithThreads(Tensor trainImages, Tensor? testImages)
    {
        using var optimizer = torch.optim.Adam(model.parameters(), Config.LearningRate);
        var history = new List<EpochMetrics>();
        var firstEpoch = 1;
        var resumed = false;
        if (Resume && CheckpointPath is not null && File.Exists(CheckpointPath))
        {
            var info = Checkpoint.Load(CheckpointPath, model, optimizer);
            history.AddRange(info.History);
            firstEpoch = info.Epoch + 1;
            resumed = true;
        }

        var count = trainImages.shape[0];
        var stepsPerEpoch = (int)((count + Config.BatchSize - 1) / Config.BatchSize);
        Progress.Started(Title, firstEpoch, Config.Epochs, stepsPerEpoch);
        var total = Stopwatch.StartNew();
        for (var epoch = firstEpoch; epoch <= Config.Epochs; epoch++)
        {
            var metrics = RunEpoch(epoch, trainImages, testImages, optimizer, stepsPerEpoch);
            history.Add(metrics);
            if (CheckpointPath is not null)
                Checkpoint.Save(CheckpointPath, model, optimizer, new CheckpointInfo(epoch, Config, ModelDescription, history.ToList()));
            Progress.EpochCompleted(metrics);
        }
        var result = new TrainingResult(history, total.Elapsed.TotalSeconds, resumed);
        Progress.Finished(result);
        return result;
    }

    private EpochMetrics RunEpoch(int epoch, Tensor trainImages, Tensor? testImages, OptimizerHelper optimizer, int stepsPerEpoch)
    {
        var clock = Stopwatch.StartNew();
        var count = trainImages.shape[0];
        torch.manual_seed(EpochSeed(epoch));
        using var generator = new Generator((ulong)EpochSeed(epoch) ^ 0x5DEECE66DUL);
        using var epochScope = NewDisposeScope();
        var order = randperm(count, generator: generator);
        var sums = new Sums();

        model.train();
        for (var step = 0; step < stepsPerEpoch; step++)
        {
            using var scope = NewDisposeScope();
            var start = (long)step * Config.BatchSize;
            var size = Math.Min(Config.BatchSize, count - start);
            var batch = trainImages.index_select(0, order.narrow(0, start, size));
            var info = new StepInfo(epoch, step, (long)(epoch - 1) * stepsPerEpoch + step, stepsPerEpoch, Config.Epochs);

            optimizer.zero_grad();
            var loss = objective.Compute(batch, info);
            var value = loss.Loss.ToDouble();
            if (!double.IsFinite(value))
                throw new NonFiniteLossException(info, value, loss.Reconstruction.ToDouble(), loss.Kl.ToDouble(), Config.LearningRate);
            loss.Loss.backward();
            optimizer.step();

            sums.Add(loss, size, value);
            OnStep?.Invoke(new StepReport(info, value, loss));
            Progress.StepCompleted(info, value);
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;

        (double Elbo, double Reconstruction, double Kl)? test = testImages is null ? null : Evaluate(testImages, epoch);
        return new EpochMetrics(
            epoch,
            sums.Loss / count,
            -(sums.Reconstruction(count) + sums.Kl(count)),
            sums.Reconstruction(count),
            sums.Kl(count),
            test?.Elbo,
            test?.Reconstruction,
            test?.Kl,
            clock.Elapsed.TotalSeconds,
            count / trainSeconds,
            sums.KlPerDimension(count),
            sums.Terms(count));
    }

    /// <summary>The plain ELBO (KL weight 1), per image, over <paramref name="images"/>, in evaluation mode.</summary>
    public (double Elbo, double Reconstruction, double Kl) Evaluate(Tensor images, int epoch = 0)
    {
        torch.manual_seed(EpochSeed(epoch) + 1_000_003);
        model.eval();
        using var noGrad = no_grad();
        var count = images.shape[0];
        double reconstruction = 0, kl = 0;
        for (long start = 0; start < count; start += Config.EvaluationBatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(Config.EvaluationBatchSize, count - start);
            var loss = objective.Compute(images.narrow(0, start, size), null);
            reconstruction += loss.Reconstruction.ToDouble() * size;
            kl += loss.Kl.ToDouble() * size;
        }
        model.train();
        return (-(reconstruction + kl) / count, reconstruction / count, kl / count);
    }

    private long EpochSeed(int epoch) => Config.Seed * 1_000_003L + epoch;

    /// <summary>Running sums kept as tensors so a step costs one read (the loss) instead of one per metric.</summary>
    private sealed class Sums
    {
        private Tensor? reconstruction;
        private Tensor? kl;
        private Tensor? klPerDimension;
        private readonly Dictionary<string, Tensor> terms = [];

        public double Loss { get; private set; }

        public void Add(BatchLoss batch, long size, double loss)
        {
            Loss += loss * size;
            using var noGrad = no_grad();
            reconstruction = Accumulate(reconstruction, batch.Reconstruction, size);
            kl = Accumulate(kl, batch.Kl, size);
            if (batch.KlPerDimension is not null) klPerDimension = Accumulate(klPerDimension, batch.KlPerDimension, size);
            foreach (var (name, value) in batch.Terms)
                terms[name] = Accumulate(terms.GetValueOrDefault(name), value, size);
        }

        public double Reconstruction(long count) => (reconstruction?.ToDouble() ?? 0) / count;
        public double Kl(long count) => (kl?.ToDouble() ?? 0) / count;

        public double[] KlPerDimension(long count) =>
            klPerDimension is null ? [] : klPerDimension.to_type(ScalarType.Float64).data<double>().Select(v => v / count).ToArray();

        public IReadOnlyDictionary<string, double> Terms(long count) => terms.ToDictionary(t => t.Key, t => t.Value.ToDouble() / count);

        private static Tensor Accumulate(Tensor? sum, Tensor value, long size)
        {
            var weighted = value.detach().to_type(ScalarType.Float64) * size;
            var next = sum is null ? weighted : sum + weighted;
            next.MoveToOuterDisposeScope();
            sum?.Dispose();
            return next;
        }
    }
}
