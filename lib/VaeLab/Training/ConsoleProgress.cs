using VaeLab.Models;
using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>One line per epoch on a text writer (the console by default).</summary>
public sealed class ConsoleProgress(TextWriter? writer = null) : ITrainingProgress
{
    private readonly TextWriter output = writer ?? Console.Out;

    public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch) =>
        output.WriteLine($"{title}: epochs {firstEpoch}–{totalEpochs}, {stepsPerEpoch} steps each");

    public void StepCompleted(TrainingStep step, double loss) { }

    public void EpochCompleted(EpochMetrics metrics) => output.WriteLine(Describe(metrics));

    public void Finished(TrainingResult result) =>
        output.WriteLine($"done in {result.Seconds:F1} s");

    /// <summary>"epoch 3: loss 104.20, train ELBO −104.20 (log-likelihood −80.10, KL 24.10), test ELBO −103.90, 3.9 s, 15,400 examples/s".</summary>
    public static string Describe(EpochMetrics m) =>
        $"epoch {m.Epoch}: loss {m.Loss:F2}, train {m.Train}" + (m.Test is { } t ? $", test {Headline(t)}" : "") +
        $", {m.Seconds:F1} s, {m.ExamplesPerSecond:N0} examples/s";

    /// <summary>The one number that sums up an evaluation: the ELBO, or the log-likelihood of a model without a KL, or its terms.</summary>
    public static string Headline(ElboSummary summary) =>
        summary.HasKl ? $"ELBO {summary.Elbo:F2}"
        : summary.Terms.ContainsKey(Term.LogLikelihood) ? $"log-likelihood {summary.LogLikelihood:F2}"
        : summary.ToString();
}
