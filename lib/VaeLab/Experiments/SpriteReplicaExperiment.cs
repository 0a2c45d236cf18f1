using System.Diagnostics;
using VaeLab.Data;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>One model of a replica-batched training: its name (e.g. "β = 8"), objective and initialisation seed.</summary>
public sealed record SpriteRunSpec(string Name, IObjective Objective, int Seed);

/// <summary>MIG of every replica at the end of one epoch, in replica order (to see whether longer training changes the verdict).</summary>
public sealed record SpriteCheckpoint(int Epoch, IReadOnlyList<double> Mig);

/// <summary>
/// The result of one replica-batched training: each replica as a scored <see cref="SpriteRun"/> (its model copied out as
/// an ordinary MLP VAE), the MIG checkpoints, and what the training cost.
/// </summary>
public sealed record SpriteReplicaTraining(
    IReadOnlyList<SpriteRun> Runs,
    IReadOnlyList<SpriteCheckpoint> Checkpoints,
    IReadOnlyList<StepMetrics> TrackedSteps,
    TrainingResult Training,
    double TrainSeconds,
    double MetricSeconds,
    int StepsPerReplica)
{
    /// <summary>Training seconds per replica and step.</summary>
    public double SecondsPerReplicaStep => TrainSeconds / (Runs.Count * (double)StepsPerReplica);

    /// <summary>The runs named <paramref name="name"/>, in seed order.</summary>
    public IReadOnlyList<SpriteRun> Named(string name) => Runs.Where(r => r.Name == name).OrderBy(r => r.Seed).ToList();
}

/// <summary>
/// Trains several MLP VAEs on the sprites as one <see cref="ReplicaMlpVae"/> through the one <see cref="Trainer"/>: one
/// replica per <see cref="SpriteRunSpec"/> (its own initial weights from its seed, its own objective through
/// <see cref="ReplicaObjective"/>, its own noise ε), all reading the same batches in the order drawn from the data seed.
/// Two runs with the same seed therefore share initialisation and data order, which makes their per-seed difference a
/// paired comparison. On two CPU cores this costs far less than training the models one after another.
/// </summary>
public static class SpriteReplicaExperiment
{
    /// <param name="runs">One replica per entry.</param>
    /// <param name="sprites">The full grid (training set and evaluation set, as in the published studies).</param>
    /// <param name="settings">Epochs, batch size, learning rate, hidden and latent sizes (the model is always the MLP).</param>
    /// <param name="dataSeed">The seed of the batch order (and of the training step's noise stream).</param>
    /// <param name="checkpointEpochs">Epochs after which every replica's MIG is recorded (the last epoch need not be listed).</param>
    /// <param name="metrics">Settings of the four disentanglement metrics computed at the end.</param>
    /// <param name="trackReplica">A replica whose batch KL and applied weights are recorded at every step (e.g. a capacity-annealed run).</param>
    public static SpriteReplicaTraining Train(IReadOnlyList<SpriteRunSpec> runs, SpriteDataset sprites, SpriteRunSettings settings, int dataSeed,
        IReadOnlyCollection<int>? checkpointEpochs = null, DisentanglementSettings? metrics = null, int? trackReplica = null,
        ITrainingProgress? progress = null, string title = "replicas")
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(sprites);
        if (runs.Count == 0) throw new ArgumentException("Give at least one run (one replica each).");
        settings.Validate();
        if (trackReplica is int tracked && (tracked < 0 || tracked >= runs.Count))
            throw new ArgumentOutOfRangeException(nameof(trackReplica), trackReplica, $"There are {runs.Count} replicas.");
        if (settings.ModelName != "mlp") throw new ArgumentException($"Replica-batched training is written for the MLP VAE; got model '{settings.ModelName}'.");
        var options = new MlpVaeOptions(InputSize: sprites.Grid.ImageSize * sprites.Grid.ImageSize, HiddenSize: settings.HiddenSize, LatentSize: settings.LatentSize);
        using var model = new ReplicaMlpVae(options, runs.Select(r => r.Seed).ToArray());
        var objective = new ReplicaObjective(runs.Select(r => r.Objective).ToArray());
        var config = new TrainingConfig(Seed: dataSeed, Epochs: settings.Epochs, BatchSize: settings.BatchSize, LearningRate: settings.LearningRate);
        var table = sprites.ToFactorTable();
        var checkpoints = new List<SpriteCheckpoint>();
        var wanted = checkpointEpochs?.Where(e => e >= 1 && e < settings.Epochs).ToHashSet() ?? [];
        var checkpointClock = new Stopwatch();
        var trackedSteps = new List<StepMetrics>();
        void Track(StepOutputs step)
        {
            if (trackReplica is not int r) return;
            var rows = step.Output.LogLikelihood.shape[0] / runs.Count;
            var kl = step.Output.Kl.detach().narrow(0, r * rows, rows).mean().to_type(ScalarType.Float64).item<double>();
            var weights = step.Result.Weights.Replicas?[r] ?? step.Result.Weights;
            trackedSteps.Add(new StepMetrics(step.Step.GlobalStep, step.Step.Epoch, double.NaN, new Dictionary<Term, double> { [Term.Kl] = kl }, weights,
                new Dictionary<Term, double>()));
        }
        var clock = Stopwatch.StartNew();
        var training = new Trainer(model, objective, config)
        {
            Title = title,
            Progress = progress ?? TrainingProgress.None,
            OnStep = wanted.Count == 0 && trackReplica is null ? null : step =>
            {
                Track(step);
                if (!step.Step.EndsEpoch || !wanted.Contains(step.Step.Epoch)) return;
                checkpointClock.Start();
                checkpoints.Add(new SpriteCheckpoint(step.Step.Epoch, Enumerable.Range(0, runs.Count).Select(r =>
                {
                    using var copy = model.Replica(r);
                    var (codes, _) = SpriteDisentanglement.Encode(copy, sprites.Images);
                    return MutualInformationGap.Compute(codes, table.Indices, table.Names).Mean;
                }).ToList()));
                model.train();
                checkpointClock.Stop();
            },
        }.Fit(sprites.Images);
        var trainSeconds = clock.Elapsed.TotalSeconds - checkpointClock.Elapsed.TotalSeconds;
        clock.Restart();
        var scored = new List<SpriteRun>();
        for (var r = 0; r < runs.Count; r++)
        {
            var vae = model.Replica(r);
            var elbo = Evaluator.Evaluate(vae, sprites.Images, seed: runs[r].Seed);
            var report = SpriteDisentanglement.Evaluate(vae, sprites, metrics);
            scored.Add(new SpriteRun(runs[r].Name, runs[r].Seed, vae, training, elbo, report, [], trainSeconds / runs.Count, 0));
        }
        var final = new SpriteCheckpoint(settings.Epochs, scored.Select(s => s.Metrics.Mig.Mean).ToList());
        var stepsPerEpoch = (int)Math.Ceiling(sprites.Count / (double)Math.Min(settings.BatchSize, sprites.Count));
        return new SpriteReplicaTraining(scored, [.. checkpoints, final], trackedSteps, training, trainSeconds, clock.Elapsed.TotalSeconds,
            stepsPerEpoch * settings.Epochs);
    }
}
