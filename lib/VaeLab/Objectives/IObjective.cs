using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// What a training step minimises, built from a model's named per-example terms. β-VAE, KL schedules, free bits,
/// capacity annealing, total-correlation penalties, the VQ-VAE losses and a plain weighted loss are objectives; the
/// trainer does not change.
/// </summary>
public interface IObjective
{
    /// <summary>The scalar loss for one batch, what the objective applied at this step, and its extra terms' values.</summary>
    ObjectiveResult Compute(ModelOutput output, TrainingStep step);
}

/// <summary>
/// One step's loss (a scalar to minimise), the weights the objective applied (so the trainer records what a schedule
/// really did) and the value of each extra term it added (scalars, as added to the loss).
/// </summary>
public sealed record ObjectiveResult(Tensor Loss, AppliedWeights Weights, IReadOnlyDictionary<Term, Tensor> ExtraTerms)
{
    public ObjectiveResult(Tensor loss, AppliedWeights weights) : this(loss, weights, new Dictionary<Term, Tensor>()) { }
}
