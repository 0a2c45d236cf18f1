using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Common;
using VaeLab.Data.Sources;
using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// The training loop of the series, and the only place in the library that steps an optimizer: minibatches from a batch
/// source (tensors in memory, a stream from disk, paired inputs; shuffled each epoch), for any model that reports named
/// terms (<see cref="ModelOutput"/>) and any <see cref="IObjective"/>, with the optimizer of the config (Adam by default;
/// AdamW, SGD) or several parameter groups each with its own optimizer and objective, stepped jointly or in turn (a
/// VAE-GAN's discriminator against its encoder and decoder). Per batch: a dispose scope, the loss, a stop with a clear
/// message on a NaN/∞ loss, backward, the step, then the model's state updates (a VQ codebook's EMA); a model that
/// depends on the step (<see cref="IStepScheduled"/>: an annealed temperature) hears it before the forward pass. Per epoch: every
/// term averaged, the weights the objective applied, its extra terms, test metrics from <see cref="Evaluator"/>, live
/// progress and an atomic checkpoint (resume continues it). Each epoch is seeded from the config's seed and its number,
/// so resuming reproduces an uninterrupted run exactly; torch's global generator is restored after each epoch.
/// </summary>
/// <typeparam name="TBatch">What the model's forward takes: a tensor, or e.g. <see cref="Paired"/> inputs.</typeparam>
public class Trainer<TBatch>
{
    private readonly nn.Module<TBatch, ModelOutput> model;
    private readonly IReadOnlyList<ParameterGroup>? groups;

    /// <summary>Trains all of <paramref name="model"/>'s parameters on <paramref name="objective"/> with the config's optimizer.</summary>
    public Trainer(nn.Module<TBatch, ModelOutput> model, IObjective objective, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        config.Validate();
        this.model = model;
        Objective = objective;
        Config = config;
    }

    /// <summary>Trains each group of parameters on its own objective with its own optimizer (see <see cref="GroupStepping"/>).</summary>
    public Trainer(nn.Module<TBatch, ModelOutput> model, IReadOnlyList<ParameterGroup> groups, TrainingConfig config,
        GroupStepping stepping = GroupStepping.Joint)
    {
        ArgumentNullException.ThrowIfNull(model);
        config.Validate();
        CheckGroups(model, groups);
        this.model = model;
        this.groups = groups;
        Objective = groups[0].Objective;
        Stepping = stepping;
        Config = config;
    }

    public TrainingConfig Config { get; }

    /// <summary>The objective (with parameter groups: the first group's).</summary>
    public IObjective Objective { get; }

    /// <summary>How several parameter groups step (ignored with one objective).</summary>
    public GroupStepping Stepping { get; }

    /// <summary>Where to write a checkpoint after each epoch (null: none).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Stored in checkpoints so a model can be rebuilt (e.g. a serialized run description).</summary>
    public string ModelDescription { get; init; } = "";

    public ITrainingProgress Progress { get; init; } = TrainingProgress.Auto();

    public string Title { get; init; } = "Training";

    /// <summary>Record every step's loss, terms, weights and extra terms in <see cref="TrainingResult.Steps"/> (costs a read per term per step).</summary>
    public bool RecordSteps { get; init; }

    /// <summary>A probe called after every step (e.g. gradient diagnostics every so many steps).</summary>
    public Action<StepOutputs>? OnStep { get; init; }

    /// <summary>Trains on <paramref name="train"/> and evaluates on <paramref name="test"/> after each epoch.</summary>
    public TrainingResult Fit(IBatchSource<TBatch> train, IBatchSource<TBatch>? test = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (model is IValidatesData validates)
        {
            train.Validate(validates.ValidateData, "training data");
            test?.Validate(validates.ValidateData, "test data");
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
    public ElboSummary Evaluate(IBatchSource<TBatch> data, int epoch = 0) =>
        Evaluator.Evaluate(model, data, Config.EvaluationBatchSize, Config.EvaluationSeed(epoch));

    private TrainingResult FitWithThreads(IBatchSource<TBatch> train, IBatchSource<TBatch>? test)
    {
        var steppers = Steppers();
        try
        {
            var history = new List<EpochMetrics>();
            var steps = new List<StepMetrics>();
            var firstEpoch = 1;
            var resumed = false;
            if (Resume && CheckpointPath is not null && File.Exists(CheckpointPath))
            {
                var info = Checkpoint.Load(CheckpointPath, model, steppers.Select(s => s.Optimizer).ToList());
                history.AddRange(info.History);
                firstEpoch = info.Epoch + 1;
                resumed = true;
            }

            var batchSize = Math.Min(Config.BatchSize, train.Count);
            var stepsPerEpoch = train.StepsPerEpoch(batchSize);
            Progress.Started(Title, firstEpoch, Config.Epochs, stepsPerEpoch);
            var total = Stopwatch.StartNew();
            model.train();
            for (var epoch = firstEpoch; epoch <= Config.Epochs; epoch++)
            {
                var metrics = RunEpoch(epoch, train, test, steppers, batchSize, stepsPerEpoch, steps);
                history.Add(metrics);
                if (CheckpointPath is not null)
                    Checkpoint.Save(CheckpointPath, model, steppers.Select(s => s.Optimizer).ToList(), new CheckpointInfo(epoch, Config, ModelDescription, history.ToList()));
                Progress.EpochCompleted(metrics);
            }
            var result = new TrainingResult(history, total.Elapsed.TotalSeconds, resumed, steps);
            Progress.Finished(result);
            return result;
        }
        finally
        {
            foreach (var stepper in steppers) stepper.Optimizer.Dispose();
        }
    }

    /// <summary>One optimizer per group (one group of every parameter without groups).</summary>
    private List<Stepper> Steppers() => groups is null
        ? [new Stepper("model", null, Objective, Config.OptimizerOrDefault.Create(model.parameters(), Config.LearningRate), Config.LearningRate)]
        : groups.Select(g =>
        {
            var rate = g.LearningRate ?? Config.LearningRate;
            return new Stepper(g.Name, g.Parameters, g.Objective, (g.Optimizer ?? Config.OptimizerOrDefault).Create(g.Parameters, rate), rate);
        }).ToList();

    /// <summary>
    /// Sets every optimizer's rate for the step about to run: its base rate times the schedule's factor at the global
    /// step, and returns the first group's rate (recorded on the epoch). The base rate is the stepper's own (never read
    /// back from the optimizer, whose state a checkpoint may have restored mid-schedule). Without a schedule nothing is
    /// touched, so runs stay bit-identical to the constant rate.
    /// </summary>
    private double ApplySchedule(List<Stepper> steppers, TrainingStep info)
    {
        if (Config.LearningRateSchedule is not { } schedule) return steppers[0].LearningRate;
        var factor = schedule.Factor(info.GlobalStep, (long)info.StepsPerEpoch * info.TotalEpochs);
        foreach (var stepper in steppers)
            foreach (var group in stepper.Optimizer.ParamGroups)
                group.LearningRate = stepper.LearningRate * factor;
        return steppers[0].LearningRate * factor;
    }

    private EpochMetrics RunEpoch(int epoch, IBatchSource<TBatch> train, IBatchSource<TBatch>? test, List<Stepper> steppers, long batchSize,
        int stepsPerEpoch, List<StepMetrics> steps)
    {
        var clock = Stopwatch.StartNew();
        var count = train.Count;
        var sums = new RunningSums(steppers.Count);
        ElboSummary trainSummary;
        double[] klPerDimension;
        IReadOnlyDictionary<Term, double> extraTerms;
        var lastRate = steppers[0].LearningRate;
        using (TorchRandom.Seeded(Config.EpochSeed(epoch)))
        using (var shuffle = Config.ShuffleGenerator(epoch))
        using (var epochScope = NewDisposeScope())
        {
            using var batches = train.Epoch(batchSize, shuffle).GetEnumerator();
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                    throw new InvalidOperationException($"The batch source gave {step} batches in epoch {epoch}; {stepsPerEpoch} were expected for {count} examples in batches of {batchSize}.");
                var info = new TrainingStep(epoch, step, (long)(epoch - 1) * stepsPerEpoch + step, stepsPerEpoch, Config.Epochs);
                (model as IStepScheduled)?.BeforeTrainingStep(info.GlobalStep, info.Progress);
                lastRate = ApplySchedule(steppers, info);
                var (output, results, losses) = steppers.Count == 1 ? StepOne(batches.Current, info, steppers[0]) : StepGroups(batches.Current, info, steppers);
                using var lastOutput = output;
                var size = Math.Min(batchSize, count - (long)step * batchSize);
                var loss = losses.Sum();
                var extras = ExtraTerms(results, steppers);
                sums.Add(output, results, extras, losses, size);
                if (RecordSteps)
                    steps.Add(new StepMetrics(info.GlobalStep, epoch, loss, TermMeans(output), results[0].Weights, Values(extras)));
                OnStep?.Invoke(new StepOutputs(info, loss, output, results[^1]));
                Progress.StepCompleted(info, loss);
            }
            // Read before the epoch scope ends: the running sums live in it.
            trainSummary = sums.Summary(count);
            klPerDimension = sums.KlPerDimension(count);
            extraTerms = sums.ExtraTerms(stepsPerEpoch);
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var testSummary = test is null ? null : Evaluate(test, epoch);
        return new EpochMetrics(epoch, sums.Losses.Sum() / count, trainSummary, testSummary, AppliedWeights.Mean(sums.Weights),
            extraTerms, sums.GroupLosses(steppers.Select(s => s.Name).ToList(), count),
            klPerDimension, clock.Elapsed.TotalSeconds, count / trainSeconds, lastRate);
    }

    /// <summary>One optimizer over every parameter: zero, forward, loss, backward, step, state updates.</summary>
    private (ModelOutput Output, ObjectiveResult[] Results, double[] Losses) StepOne(TBatch batch, TrainingStep info, Stepper stepper)
    {
        stepper.Optimizer.zero_grad();
        var output = model.call(batch);
        var result = stepper.Objective.Compute(output, info);
        var loss = ReadLoss(result, output, info, stepper);
        result.Loss.backward();
        stepper.Optimizer.step();
        output.ApplyStateUpdates();
        return (output, [result], [loss]);
    }

    /// <summary>Several groups: jointly (one forward, each group's gradient of its own loss, then all steps) or in turn.</summary>
    private (ModelOutput Output, ObjectiveResult[] Results, double[] Losses) StepGroups(TBatch batch, TrainingStep info, List<Stepper> steppers)
    {
        var results = new ObjectiveResult[steppers.Count];
        var losses = new double[steppers.Count];
        ModelOutput? output = null;
        if (Stepping == GroupStepping.Joint)
        {
            output = model.call(batch);
            var gradients = new IList<Tensor>[steppers.Count];
            for (var g = 0; g < steppers.Count; g++)
            {
                results[g] = steppers[g].Objective.Compute(output, info);
                losses[g] = ReadLoss(results[g], output, info, steppers[g]);
                // Each group's gradient of its own loss only, at the parameters of the forward pass (no step has run yet).
                gradients[g] = GroupGradients(results[g].Loss, steppers[g], retainGraph: g < steppers.Count - 1);
            }
            for (var g = 0; g < steppers.Count; g++) Step(steppers[g], gradients[g]);
            output.ApplyStateUpdates();
            return (output, results, losses);
        }
        for (var g = 0; g < steppers.Count; g++)
        {
            output?.Dispose();
            output = model.call(batch);
            results[g] = steppers[g].Objective.Compute(output, info);
            losses[g] = ReadLoss(results[g], output, info, steppers[g]);
            Step(steppers[g], GroupGradients(results[g].Loss, steppers[g], retainGraph: false));
        }
        output!.ApplyStateUpdates();
        return (output, results, losses);
    }

    /// <summary>∂loss/∂θ for the group's parameters θ alone (nothing accumulates into the other groups' gradients).</summary>
    private static IList<Tensor> GroupGradients(Tensor loss, Stepper stepper, bool retainGraph)
    {
        try
        {
            return torch.autograd.grad([loss], stepper.Parameters!.Cast<Tensor>().ToList(), retain_graph: retainGraph);
        }
        catch (ExternalException e)
        {
            throw new InvalidOperationException(
                $"Parameter group '{stepper.Name}': its loss does not depend on all of its parameters ({e.Message.Split('\n')[0]}); give the group only the parameters its objective trains.", e);
        }
    }

    /// <summary>Sets the group's gradients and steps its optimizer.</summary>
    private static void Step(Stepper stepper, IList<Tensor> gradients)
    {
        stepper.Optimizer.zero_grad();
        for (var i = 0; i < gradients.Count; i++) stepper.Parameters![i].grad = gradients[i];
        stepper.Optimizer.step();
    }

    private double ReadLoss(ObjectiveResult result, ModelOutput output, TrainingStep info, Stepper stepper)
    {
        var loss = result.Loss.to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(loss))
            throw new NonFiniteLossException(info, loss, TermMeans(output), stepper.LearningRate, NonFiniteState());
        return loss;
    }

    /// <summary>Which parameters and buffers already hold NaN or ±∞ (so the failing step's input was a broken model), or that none do.</summary>
    private string NonFiniteState()
    {
        using var noGrad = torch.no_grad();
        var tensors = model.named_parameters().Select(p => (p.name, Value: (Tensor)p.parameter))
            .Concat(model.named_buffers().Select(b => (b.name, Value: b.buffer)));
        var broken = tensors.Where(t => t.Value.is_floating_point() && !t.Value.isfinite().all().item<bool>()).Select(t => t.name).ToList();
        return broken.Count == 0
            ? "every parameter and buffer was finite, so the non-finite value arose in this step's forward pass"
            : $"non-finite before this step: {string.Join(", ", broken.Take(8))}{(broken.Count > 8 ? $" and {broken.Count - 8} more" : "")}";
    }

    private static Dictionary<Term, double> TermMeans(ModelOutput output) =>
        output.Terms.ToDictionary(t => t.Key, t => t.Value.detach().mean().to_type(ScalarType.Float64).item<double>());

    /// <summary>Every group's extra terms by name; a name added by two groups is refused (its record would mix two losses).</summary>
    private static Dictionary<Term, Tensor> ExtraTerms(ObjectiveResult[] results, List<Stepper> steppers)
    {
        if (results.Length == 1) return results[0].ExtraTerms.ToDictionary();
        var extras = new Dictionary<Term, Tensor>();
        var owner = new Dictionary<Term, string>();
        for (var g = 0; g < results.Length; g++)
            foreach (var (term, value) in results[g].ExtraTerms)
            {
                if (!owner.TryAdd(term, steppers[g].Name))
                    throw new InvalidOperationException(
                        $"Parameter groups '{owner[term]}' and '{steppers[g].Name}' both add the extra term '{term}'; name each group's term differently (new Term(\"…\")) so each is recorded.");
                extras[term] = value;
            }
        return extras;
    }

    private static Dictionary<Term, double> Values(Dictionary<Term, Tensor> extras) =>
        extras.ToDictionary(e => e.Key, e => e.Value.detach().to_type(ScalarType.Float64).item<double>());

    private static void CheckGroups(nn.Module<TBatch, ModelOutput> model, IReadOnlyList<ParameterGroup> groups)
    {
        if (groups is null || groups.Count == 0) throw new ArgumentException("Give at least one parameter group.");
        var seen = new HashSet<IntPtr>();
        foreach (var group in groups)
        {
            _ = new GroupName(group.Name); // the one-line error for a blank name, before any step
            if (group.Parameters.Count == 0) throw new ArgumentException($"Parameter group '{group.Name}' has no parameters.");
            foreach (var parameter in group.Parameters)
                if (!seen.Add(parameter.Handle))
                    throw new ArgumentException($"A parameter appears in two groups (again in '{group.Name}'); each optimizer must own its parameters.");
        }
        if (groups.Select(g => g.Name).Distinct().Count() != groups.Count) throw new ArgumentException("Parameter groups need distinct names.");
        var owned = model.parameters().Select(p => p.Handle).ToHashSet();
        if (!seen.All(owned.Contains)) throw new ArgumentException("Every parameter of a group must belong to the model being trained.");
    }

    private sealed record Stepper(string Name, IReadOnlyList<Parameter>? Parameters, IObjective Objective, OptimizerHelper Optimizer, double LearningRate);

    /// <summary>Running sums kept as tensors, so a step costs one read (the loss) instead of one per term.</summary>
    private sealed class RunningSums(int groupCount)
    {
        private readonly Dictionary<Term, Tensor> terms = [];
        private readonly Dictionary<Term, Tensor> extraTerms = [];
        private readonly double[] groupLosses = new double[groupCount];
        private Tensor? klPerDimension;
        private Distributions.KlMethod? method;

        public List<AppliedWeights> Weights { get; } = [];

        public IReadOnlyList<double> Losses => groupLosses;

        public void Add(ModelOutput output, ObjectiveResult[] results, Dictionary<Term, Tensor> extras, double[] losses, long size)
        {
            for (var g = 0; g < losses.Length; g++) groupLosses[g] += losses[g] * size;
            Weights.Add(results[0].Weights);
            method ??= output.Latent?.Kl.Method;
            using var noGrad = no_grad();
            foreach (var (term, value) in extras) extraTerms[term] = Accumulate(extraTerms.GetValueOrDefault(term), value);
            foreach (var (term, value) in output.Terms) terms[term] = Accumulate(terms.GetValueOrDefault(term), value.sum());
            if (output.Latent is { } latent) klPerDimension = Accumulate(klPerDimension, latent.Kl.PerVariable.sum(dim: 0));
        }

        public ElboSummary Summary(long count) => new(terms.ToDictionary(t => t.Key, t => t.Value.item<double>() / count), count, method);

        public IReadOnlyDictionary<Term, double> ExtraTerms(int steps) => extraTerms.ToDictionary(e => e.Key, e => e.Value.item<double>() / steps);

        public IReadOnlyDictionary<GroupName, double> GroupLosses(IReadOnlyList<string> names, long count) =>
            names.Select((name, g) => (name, g)).ToDictionary(x => new GroupName(x.name), x => groupLosses[x.g] / count);

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

/// <summary>The trainer for models that take one tensor, with the in-memory <see cref="Fit(Tensor, Tensor?)"/> most callers use.</summary>
public sealed class Trainer : Trainer<Tensor>
{
    public Trainer(nn.Module<Tensor, ModelOutput> model, IObjective objective, TrainingConfig config) : base(model, objective, config) { }

    public Trainer(nn.Module<Tensor, ModelOutput> model, IReadOnlyList<ParameterGroup> groups, TrainingConfig config,
        GroupStepping stepping = GroupStepping.Joint) : base(model, groups, config, stepping) { }

    /// <summary>Trains on <paramref name="train"/> [N, ...] and evaluates on <paramref name="test"/> after each epoch.</summary>
    public TrainingResult Fit(Tensor train, Tensor? test = null) =>
        Fit(new TensorBatches(train), test is null ? null : new TensorBatches(test));

    /// <summary>Every term averaged over <paramref name="data"/> in evaluation mode, seeded from the run's seed.</summary>
    public ElboSummary Evaluate(Tensor data, int epoch = 0) => Evaluate(new TensorBatches(data), epoch);
}
