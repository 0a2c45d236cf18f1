namespace VaeLab.Models;

/// <summary>
/// A model whose training forward pass depends on where training is, such as a Gumbel-softmax temperature annealed over
/// the steps (<see cref="GumbelSoftmaxVae"/>). The trainer calls <see cref="BeforeTrainingStep"/> once per training batch,
/// before its forward pass; evaluation never does, so the model keeps the last training step's value. Derive the value
/// from the step, not from the number of calls, so that a resumed run repeats an uninterrupted one. (State that follows
/// from a step's outcome, like a VQ codebook's moving averages, is a state update after the step instead:
/// <see cref="ModelOutput.WithStateUpdate"/>.)
/// </summary>
public interface IStepScheduled
{
    /// <param name="globalStep">The training step over the whole run, from 0.</param>
    /// <param name="progress">The fraction of the run completed before this step, in [0, 1).</param>
    void BeforeTrainingStep(long globalStep, double progress);
}
