namespace VaeLab.Training;

/// <summary>
/// Hyper-parameters of a training run. Epochs are reseeded from <see cref="Seed"/> (shuffle order and sampling
/// noise), so a run resumed from a checkpoint gives the same numbers as one that never stopped. A batch size at least
/// the data set's size trains full-batch (one step per epoch). <see cref="Optimizer"/> null is Adam.
/// <see cref="LearningRateSchedule"/> null keeps <see cref="LearningRate"/> constant; a schedule scales every parameter
/// group's rate by one factor read from the global step (so resuming applies the rates an uninterrupted run would).
/// </summary>
public sealed record TrainingConfig(
    int Seed = 42,
    int Epochs = 10,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    int? Threads = null,
    int EvaluationBatchSize = 1000,
    OptimizerChoice? Optimizer = null,
    LearningRateSchedule? LearningRateSchedule = null)
{
    /// <summary>The optimizer the run uses: <see cref="Optimizer"/>, or Adam.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OptimizerChoice OptimizerOrDefault => Optimizer ?? OptimizerChoice.Adam;

    /// <summary>
    /// The seed torch's global generator is set to for epoch <paramref name="epoch"/> (1-based) of a run: the sampling noise
    /// (ε of rsample, dropout) of that epoch's steps. A loop written out by hand reproduces the trainer's numbers with it.
    /// </summary>
    public long EpochSeed(int epoch) => Seed * 1_000_003L + epoch;

    /// <summary>A new generator for epoch <paramref name="epoch"/>'s shuffle, as the trainer hands it to the batch source (dispose it).</summary>
    public TorchSharp.torch.Generator ShuffleGenerator(int epoch) => new((ulong)EpochSeed(epoch) ^ 0x5DEECE66DUL);

    /// <summary>The seed of the evaluation after epoch <paramref name="epoch"/> (the test metrics).</summary>
    public long EvaluationSeed(int epoch) => EpochSeed(epoch) + 1_000_003;

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1; got {BatchSize}.");
        if (EvaluationBatchSize < 1) throw new ArgumentException($"Evaluation batch size must be at least 1; got {EvaluationBatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"The learning rate must be positive and finite; got {LearningRate}.");
        if (Threads is < 1) throw new ArgumentException($"Threads must be at least 1 when given; got {Threads}.");
        LearningRateSchedule?.Validate();
    }
}
