using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>
/// One epoch's numbers, per example and in nats. <see cref="Train"/> averages the training steps (each term as the model
/// reported it, whatever weights the loss used); <see cref="Test"/> is the evaluation on held-out data;
/// <see cref="Weights"/> are the objective's applied weights averaged over the epoch's steps (kl_weight, capacity, …).
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double Loss,
    ElboSummary Train,
    ElboSummary? Test,
    IReadOnlyDictionary<string, double> Weights,
    double[] KlPerDimension,
    double Seconds,
    double ExamplesPerSecond);

/// <summary>One training step, recorded when <see cref="Trainer.RecordSteps"/> is on: the loss, each term (batch mean) and the weights applied.</summary>
public sealed record StepRecord(long GlobalStep, int Epoch, double Loss, IReadOnlyDictionary<string, double> Terms, IReadOnlyDictionary<string, double> Weights);

/// <summary>The history of a run.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, double Seconds, bool Resumed, IReadOnlyList<StepRecord> Steps)
{
    public EpochMetrics Last => History[^1];
}
