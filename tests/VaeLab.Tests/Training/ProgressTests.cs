using VaeLab.Models;
using VaeLab.Notebook;
using VaeLab.Objectives;
using VaeLab.Training;

namespace VaeLab.Tests.Training;

public class ProgressTests
{
    private static EpochMetrics Metrics(int epoch) =>
        new(epoch, 120.5, Summary(-100.25, 20.25), Summary(-101, 20.75), new AppliedWeights { KlWeight = 1 }, new Dictionary<Term, double>(),
            new Dictionary<GroupName, double> { ["model"] = 120.5 }, [1.5, 0.25], 3.5, 17_000, 1e-3);

    private static ElboSummary Summary(double logLikelihood, double kl) =>
        new(new Dictionary<Term, double> { [Term.LogLikelihood] = logLikelihood, [Term.Kl] = kl }, 100);

    [Fact]
    public void NotebookDisplayShowsTheCurveAndOneRowPerEpoch()
    {
        var progress = new NotebookProgress();
        progress.Started("MLP VAE", 1, 2, 3);
        for (var step = 0; step < 3; step++) progress.StepCompleted(new TrainingStep(1, step, step, 3, 2), 200 - step);
        progress.EpochCompleted(Metrics(1));
        var html = progress.Render();
        Assert.Contains("<b>MLP VAE</b>", html);
        Assert.Contains("<polyline", html);
        Assert.Contains("<td>1</td><td>120.50</td>", html);
        Assert.Contains("-121.75", html);
    }

    [Fact]
    public void ConsoleLinesNameTheEpochAndTheTestElbo()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer);
        progress.EpochCompleted(Metrics(3));
        Assert.Contains("epoch 3: loss 120.50", writer.ToString());
        Assert.Contains("test ELBO -121.75", writer.ToString());
    }
}
