using VaeLab.Models;
using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>
/// One epoch's numbers, per example and in nats. <see cref="Train"/> averages the training steps (each term as the model
/// reported it, whatever weights the loss used); <see cref="Test"/> is the evaluation on held-out data;
/// <see cref="Weights"/> are the objective's applied weights averaged over the epoch's steps; <see cref="ExtraTerms"/>
/// the epoch's mean of each extra loss term, by its name; <see cref="KlPerDimension"/> the mean KL of each latent
/// variable (empty for a model without one). With several parameter groups <see cref="Loss"/> is the sum of their
/// losses, <see cref="GroupLosses"/> each one (one entry, "model", without groups), <see cref="Weights"/> those of the
/// first group's objective and <see cref="ExtraTerms"/> those of every group's (each name added by one group only).
/// <see cref="LearningRate"/> is the rate the epoch's last step used (the first group's; with a
/// <see cref="TrainingConfig.LearningRateSchedule"/> it falls from epoch to epoch).
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double Loss,
    ElboSummary Train,
    ElboSummary? Test,
    AppliedWeights Weights,
    IReadOnlyDictionary<Term, double> ExtraTerms,
    IReadOnlyDictionary<GroupName, double> GroupLosses,
    double[] KlPerDimension,
    double Seconds,
    double ExamplesPerSecond,
    double LearningRate);

/// <summary>
/// One training step, recorded when <see cref="Trainer{TBatch}.RecordSteps"/> is on: the loss, each term (batch mean), the
/// weights applied and the extra terms' values.
/// </summary>
public sealed record StepMetrics(
    long GlobalStep,
    int Epoch,
    double Loss,
    IReadOnlyDictionary<Term, double> Terms,
    AppliedWeights Weights,
    IReadOnlyDictionary<Term, double> ExtraTerms);

/// <summary>What the trainer hands a per-step probe (<see cref="Trainer{TBatch}.OnStep"/>); the tensors live only during the call.</summary>
/// <param name="Output">The model's output for the batch (with several groups stepped in turn: the last group's forward pass).</param>
/// <param name="Result">The objective's result for that output.</param>
public sealed record StepOutputs(TrainingStep Step, double Loss, ModelOutput Output, ObjectiveResult Result);

/// <summary>The history of a run.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, double Seconds, bool Resumed, IReadOnlyList<StepMetrics> Steps)
{
    public EpochMetrics Last => History[^1];
}
