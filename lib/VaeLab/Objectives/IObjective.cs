using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// What a training step minimises, built from a model's named per-example terms. β-VAE, KL schedules, free bits,
/// capacity annealing, total-correlation penalties and the VQ-VAE losses are objectives; the trainer does not change.
/// </summary>
public interface IObjective
{
    /// <summary>The scalar loss for one batch, and the weights actually applied at this step.</summary>
    ObjectiveResult Compute(ModelOutput output, StepInfo step);
}

/// <summary>
/// One step's loss (a scalar to minimise) and the weights the objective applied (e.g. kl_weight, capacity), by name,
/// so the trainer can record what a schedule really did.
/// </summary>
public sealed record ObjectiveResult(Tensor Loss, IReadOnlyDictionary<string, double> Weights);
