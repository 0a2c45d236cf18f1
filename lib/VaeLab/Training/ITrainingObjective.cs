using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// The loss a <see cref="Trainer"/> minimises. β-VAE, KL annealing, free bits and VQ-VAE are objectives (or
/// settings of <see cref="GaussianVaeObjective"/>); the loop itself does not change.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>
    /// The loss for a batch. <paramref name="step"/> is null in evaluation, where the objective must report the
    /// plain bound (KL weight 1, no extra terms in <see cref="BatchLoss.Loss"/>).
    /// </summary>
    BatchLoss Compute(Tensor batch, StepInfo? step);

    /// <summary>Checks data once before training (e.g. pixel range for a Bernoulli decoder).</summary>
    void ValidateData(Tensor images, string what) { }
}
