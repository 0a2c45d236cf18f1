using VaeLab.Objectives;
using Spectre.Console;
using VaeLab.Training;

namespace VaeLab.Cli;

/// <summary>A console progress bar over all training steps, with one summary line per epoch.</summary>
internal sealed class SpectreProgress(ProgressContext context) : ITrainingProgress
{
    private ProgressTask? task;

    public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch)
    {
        task = context.AddTask(Markup.Escape(title), maxValue: (double)(totalEpochs - firstEpoch + 1) * stepsPerEpoch);
    }

    public void StepCompleted(TrainingStep step, double loss)
    {
        if (task is null) return;
        task.Increment(1);
        if (step.Step % 20 == 0) task.Description = Markup.Escape($"epoch {step.Epoch}/{step.TotalEpochs}  loss {loss:F2}");
    }

    public void EpochCompleted(EpochMetrics metrics) =>
        AnsiConsole.MarkupLine(Markup.Escape(ConsoleProgress.Describe(metrics)));

    public void Finished(TrainingResult result)
    {
        if (task is not null) task.Value = task.MaxValue;
    }

    /// <summary>Runs <paramref name="work"/> with a live progress bar (plain lines when output is redirected).</summary>
    public static T Run<T>(Func<ITrainingProgress, T> work)
    {
        if (Console.IsOutputRedirected) return work(new ConsoleProgress());
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new SpectreProgress(context)));
    }
}
