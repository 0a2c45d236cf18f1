using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>What the trainer hands a per-step probe; the tensors live only during the call.</summary>
public sealed record StepReport(StepInfo Step, double Loss, ModelOutput Output, ObjectiveResult Result);

/// <summary>
/// The training loop of the series, and the only place in the library that steps an optimizer: Adam on minibatches of
/// a shuffled training set (or full-batch), for any model that reports named terms (<see cref="ModelOutput"/>) and any
/// <see cref="IObjective"/>. Per batch: a dispose scope, the loss, a stop with a clear message on a NaN/∞ loss,
/// backward, the step, then the model's state updates (a VQ codebook's EMA). Per epoch: every term averaged, the
/// weights the objective applied, test metrics from <see cref="Evaluator"/>, live progress and an atomic checkpoint
/// (resume continues it). Each epoch is seeded from the config's seed and its number, so resuming reproduces an
/// uninterrupted run exactly; torch's global generator is restored after each epoch.
/// </summary>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, ModelOutput> model;
    private readonly IObjective objective;

    public Trainer(nn.Module<Tensor, ModelOutput> model, IObjective objective, TrainingConfig config)
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

    /// <summary>Stored in checkpoints so a model can be rebuilt (e.g. a serialized ModelSpec).</summary>
    public string ModelDescription { get; init; } = "";

    public ITrainingProgress Progress { get; init; } = TrainingProgress.Auto();

    public string Title { get; init; } = "Training";

    /// <summary>Record every step's loss, terms and weights in <see cref="TrainingResult.Steps"/> (costs a read per term per step).</summary>
    public bool RecordSteps { get; init; }

    /// <summary>A probe called after every step (e.g. gradient diagnostics every so many steps).</summary>
    public Action<StepReport>? OnStep { get; init; }

    /// <summary>Trains on <paramref name="train"/> [N, ...] and evaluates on <paramref name="test"/> after each epoch.</summary>
    public TrainingResult Fit(Tensor train, Tensor? test = null)
    {
        if (train.dim() < 1 || train.shape[0] < 1)
            throw new ArgumentException($"Training data must be a non-empty batch [N, ...]; got [{string.Join(", ", train.shape)}].");
        if (model is IValidatesData validates)
        {
            validates.ValidateData(train, "training data");
            if (test is not null) validates.ValidateData(test, "test data");
        }
        // The thread count is restored afterwards so one run's setting does not leak into the next cell.
        var previousThreads = torch.get_num_threads();
        if (Config.Threads is int threads) torch.set_num_threads(threads);
        try
        {
            return FitWithThreads(train, test);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    /// <summary>Every term averaged over <paramref name="data"/> in evaluation mode, seeded from the run's seed.</summary>
    public ElboSummary Evaluate(Tensor data, int epoch = 0) =>
        Evaluator.Evaluate(model, data, Config.EvaluationBatchSize, EpochSeed(epoch) + 1_000_003);

    private TrainingResult FitWithThreads(Tensor train, Tensor? test)
    {
        using var optimizer = torch.optim.Adam(model.parameters(), Config.LearningRate);
        var history = new List<EpochMetrics>();
        var steps = new List<StepRecord>();
        var firstEpoch = 1;
        var resumed = false;
        if (Resume && CheckpointPath is not null && File.Exists(CheckpointPath))
        {
            var info = Checkpoint.Load(CheckpointPath, model, optimizer);
            history.AddRange(info.History);
            firstEpoch = info.Epoch + 1;
            resumed = true;
        }

        var count = train.shape[0];
        var batchSize = Math.Min(Config.BatchSize, count);
        var stepsPerEpoch = (int)((count + batchSize - 1) / batchSize);
        Progress.Started(Title, firstEpoch, Config.Epochs, stepsPerEpoch);
        var total = Stopwatch.StartNew();
        model.train();
        for (var epoch = firstEpoch; epoch <= Config.Epochs; epoch++)
        {
            var metrics = RunEpoch(epoch, train, test, optimizer, batchSize, stepsPerEpoch, steps);
            history.Add(metrics);
            if (CheckpointPath is not null)
                Checkpoint.Save(CheckpointPath, model, optimizer, new CheckpointInfo(epoch, Config, ModelDescription, history.ToList()));
            Progress.EpochCompleted(metrics);
        }
        var result = new TrainingResult(history, total.Elapsed.TotalSeconds, resumed, steps);
        Progress.Finished(result);
        return result;
    }

    private EpochMetrics RunEpoch(int epoch, Tensor train, Tensor? test, OptimizerHelper optimizer, long batchSize, int stepsPerEpoch, List<StepRecord> steps)
    {
        var clock = Stopwatch.StartNew();
        var count = train.shape[0];
        var sums = new RunningSums();
        ElboSummary trainSummary;
        double[] klPerDimension;
        using (TorchRandom.Seeded(EpochSeed(epoch)))
        using (var shuffle = new Generator((ulong)EpochSeed(epoch) ^ 0x5DEECE66DUL))
        using (var epochScope = NewDisposeScope())
        {
            var order = batchSize >= count ? null : randperm(count, generator: shuffle);
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                using var scope = NewDisposeScope();
                var start = (long)step * batchSize;
                var size = Math.Min(batchSize, count - start);
                var batch = order is null ? train : train.index_select(0, order.narrow(0, start, size));
                var info = new StepInfo(epoch, step, (long)(epoch - 1) * stepsPerEpoch + step, stepsPerEpoch, Config.Epochs);

                optimizer.zero_grad();
                using var output = model.call(batch);
                var result = objective.Compute(output, info);
                var loss = result.Loss.to_type(ScalarType.Float64).item<double>();
                if (!double.IsFinite(loss))
                    throw new NonFiniteLossException(info, loss, TermMeans(output), Config.LearningRate);
                result.Loss.backward();
                optimizer.step();
                output.ApplyStateUpdates();

                sums.Add(output, result, size, loss);
                if (RecordSteps) steps.Add(new StepRecord(info.GlobalStep, epoch, loss, TermMeans(output), result.Weights));
                OnStep?.Invoke(new StepReport(info, loss, output, result));
                Progress.StepCompleted(info, loss);
            }
            // Read before the epoch scope ends: the running sums live in it.
            trainSummary = sums.Summary(count);
            klPerDimension = sums.KlPerDimension(count);
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var testSummary = test is null ? null : Evaluate(test, epoch);
        return new EpochMetrics(epoch, sums.Loss / count, trainSummary, testSummary, sums.Weights(stepsPerEpoch),
            klPerDimension, clock.Elapsed.TotalSeconds, count / trainSeconds);
    }

    private static Dictionary<string, double> TermMeans(ModelOutput output) =>
        output.Terms.ToDictionary(t => t.Key, t => t.Value.detach().mean().to_type(ScalarType.Float64).item<double>());

    private long EpochSeed(int epoch) => Config.Seed * 1_000_003L + epoch;

    /// <summary>Running sums kept as tensors, so a step costs one read (the loss) instead of one per term.</summary>
    private sealed class RunningSums
    {
        private readonly Dictionary<string, Tensor> terms = [];
        private readonly Dictionary<string, double> weights = [];
        private Tensor? klPerDimension;

        public double Loss { get; private set; }

        public void Add(ModelOutput output, ObjectiveResult result, long size, double loss)
        {
            Loss += loss * size;
            foreach (var (name, weight) in result.Weights) weights[name] = weights.GetValueOrDefault(name) + weight;
            using var noGrad = no_grad();
            foreach (var (name, value) in output.Terms) terms[name] = Accumulate(terms.GetValueOrDefault(name), value.sum());
            if (output.KlPerDimension is { } perDimension) klPerDimension = Accumulate(klPerDimension, perDimension.sum(dim: 0));
        }

        public ElboSummary Summary(long count) =>
            new(terms.ToDictionary(t => t.Key, t => t.Value.item<double>() / count), count);

        public IReadOnlyDictionary<string, double> Weights(int steps) => weights.ToDictionary(w => w.Key, w => w.Value / steps);

        public double[] KlPerDimension(long count) =>
            klPerDimension is null ? [] : klPerDimension.data<double>().Select(v => v / count).ToArray();

        private static Tensor Accumulate(Tensor? sum, Tensor value)
        {
            var next = sum is null ? value.detach().to_type(ScalarType.Float64) : sum + value.detach().to_type(ScalarType.Float64);
            next.MoveToOuterDisposeScope();
            sum?.Dispose();
            return next;
        }
    }
}
