using Microsoft.DotNet.Interactive;

namespace VaeLab.Training;

/// <summary>Receives live progress from a <see cref="Trainer"/>.</summary>
public interface ITrainingProgress
{
    void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch);
    void StepCompleted(StepInfo step, double loss);
    void EpochCompleted(EpochMetrics metrics);
    void Finished(TrainingResult result);
}

/// <summary>Picks how to show progress: a live display in a notebook, one line per epoch on a console.</summary>
public static class TrainingProgress
{
    /// <summary>A notebook display updated in place when a kernel is running this code, else console lines.</summary>
    public static ITrainingProgress Auto() =>
        KernelInvocationContext.Current is not null ? new NotebookProgress() : new ConsoleProgress();

    /// <summary>Shows nothing.</summary>
    public static ITrainingProgress None { get; } = new SilentProgress();

    private sealed class SilentProgress : ITrainingProgress
    {
        public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch) { }
        public void StepCompleted(StepInfo step, double loss) { }
        public void EpochCompleted(EpochMetrics metrics) { }
        public void Finished(TrainingResult result) { }
    }
}
