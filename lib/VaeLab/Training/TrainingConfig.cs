namespace VaeLab.Training;

/// <summary>
/// Hyper-parameters of a training run. Epochs are reseeded from <see cref="Seed"/> (shuffle order and sampling
/// noise), so a run resumed from a checkpoint gives the same numbers as one that never stopped. A batch size at least
/// the data set's size trains full-batch (one step per epoch).
/// </summary>
public sealed record TrainingConfig(
    int Seed = 42,
    int Epochs = 10,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    int? Threads = null,
    int EvaluationBatchSize = 1000)
{
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1; got {BatchSize}.");
        if (EvaluationBatchSize < 1) throw new ArgumentException($"Evaluation batch size must be at least 1; got {EvaluationBatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"The learning rate must be positive and finite; got {LearningRate}.");
        if (Threads is < 1) throw new ArgumentException($"Threads must be at least 1 when given; got {Threads}.");
    }
}
