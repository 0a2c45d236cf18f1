using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>Receives live progress from a <see cref="Trainer"/>.</summary>
public interface ITrainingProgress
{
    void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch);
    void StepCompleted(TrainingStep step, double loss);
    void EpochCompleted(EpochMetrics metrics);
    void Finished(TrainingResult result);
}

/// <summary>
/// Picks how to show progress. The library knows only the console; a host (the notebook session) installs its own
/// display through <see cref="UseFactory"/>, so training code never depends on the notebook host.
/// </summary>
public static class TrainingProgress
{
    private static Func<ITrainingProgress> factory = () => new ConsoleProgress();

    /// <summary>The host's progress display (a live notebook display inside a kernel), else console lines.</summary>
    public static ITrainingProgress Auto() => factory();

    /// <summary>Installs the progress display <see cref="Auto"/> returns (called by the notebook session).</summary>
    public static void UseFactory(Func<ITrainingProgress> create) => factory = create;

    /// <summary>Shows nothing.</summary>
    public static ITrainingProgress None { get; } = new SilentProgress();

    private sealed class SilentProgress : ITrainingProgress
    {
        public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch) { }
        public void StepCompleted(TrainingStep step, double loss) { }
        public void EpochCompleted(EpochMetrics metrics) { }
        public void Finished(TrainingResult result) { }
    }
}
