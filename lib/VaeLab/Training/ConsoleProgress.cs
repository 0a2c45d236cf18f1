namespace VaeLab.Training;

/// <summary>One line per epoch on a text writer (the console by default).</summary>
public sealed class ConsoleProgress(TextWriter? writer = null) : ITrainingProgress
{
    private readonly TextWriter output = writer ?? Console.Out;

    public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch) =>
        output.WriteLine($"{title}: epochs {firstEpoch}–{totalEpochs}, {stepsPerEpoch} steps each");

    public void StepCompleted(StepInfo step, double loss) { }

    public void EpochCompleted(EpochMetrics metrics) => output.WriteLine(Describe(metrics));

    public void Finished(TrainingResult result) =>
        output.WriteLine($"done in {result.Seconds:F1} s");

    /// <summary>"epoch 3: loss 104.2, train ELBO −104.2 (rec 80.1, KL 24.1), test ELBO −103.9, 3.9 s, 15,400 img/s".</summary>
    public static string Describe(EpochMetrics m) =>
        $"epoch {m.Epoch}: loss {m.TrainLoss:F2}, train ELBO {m.TrainElbo:F2} (rec {m.TrainReconstruction:F2}, KL {m.TrainKl:F2})" +
        (m.TestElbo is double t ? $", test ELBO {t:F2}" : "") + $", {m.Seconds:F1} s, {m.ImagesPerSecond:N0} img/s";
}
