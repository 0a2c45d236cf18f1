using TorchSharp.Modules;
using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>
/// Part of a model trained by its own optimizer on its own objective, as in a VAE-GAN (Larsen et al. 2016: the
/// discriminator against the encoder and decoder) or any model whose parts minimise different losses.
/// </summary>
/// <param name="Name">The key of its loss in the metrics (<see cref="EpochMetrics.GroupLosses"/>, as a <see cref="GroupName"/>).</param>
/// <param name="Parameters">The parameters this group's optimizer steps; groups must not share one.</param>
/// <param name="Objective">What this group minimises, from the model's output.</param>
/// <param name="Optimizer">Its optimizer (null: the run's, <see cref="TrainingConfig.Optimizer"/>).</param>
/// <param name="LearningRate">Its learning rate (null: the run's).</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters, IObjective Objective,
    OptimizerChoice? Optimizer = null, double? LearningRate = null);

/// <summary>How the groups of a multi-group run step on each batch.</summary>
public enum GroupStepping
{
    /// <summary>
    /// One forward pass; each group's gradient is its own loss's, taken at the same parameters for every group, then every
    /// optimizer steps (Larsen et al. 2016, algorithm 1).
    /// </summary>
    Joint,

    /// <summary>The groups in turn: a forward pass, the group's loss, its step; the next group sees the updated parameters (the usual GAN update).</summary>
    Alternating,
}
