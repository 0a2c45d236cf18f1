using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive;

using VaeLab.Objectives;
using VaeLab.Training;

namespace VaeLab.Notebook;

/// <summary>
/// Live progress in a notebook: one display, updated in place (at most every <see cref="MinimumInterval"/> and
/// at each epoch's end) with the epoch, the loss, a loss curve drawn as inline SVG and a table of epochs.
/// </summary>
public sealed class NotebookProgress : ITrainingProgress
{
    private readonly List<(double Progress, double Loss)> curve = [];
    private readonly List<EpochMetrics> epochs = [];
    private readonly Stopwatch sinceUpdate = new();
    private Action<object>? updateDisplay;
    private string title = "";
    private string status = "";
    private int totalEpochs;

    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(2);

    public void Started(string title, int firstEpoch, int totalEpochs, int stepsPerEpoch)
    {
        this.title = title;
        this.totalEpochs = totalEpochs;
        status = $"starting at epoch {firstEpoch} of {totalEpochs} ({stepsPerEpoch} steps per epoch)";
        // Through the invocation context, not Kernel.display: in Microsoft.DotNet.Interactive 1.0.0-beta.26120.1 the
        // value Kernel.display returns updates under a different id than the one it displayed, so updates are lost.
        if (KernelInvocationContext.Current is { } context)
        {
            var shown = context.Display(Kernel.HTML(Render()));
            updateDisplay = shown.Update;
        }
        sinceUpdate.Restart();
    }

    public void StepCompleted(TrainingStep step, double loss)
    {
        curve.Add((step.Epoch - 1 + (step.Step + 1.0) / step.StepsPerEpoch, loss));
        if (sinceUpdate.Elapsed < MinimumInterval) return;
        status = $"epoch {step.Epoch} of {totalEpochs}, step {step.Step + 1} of {step.StepsPerEpoch}: loss {loss:F2}";
        Update();
    }

    public void EpochCompleted(EpochMetrics metrics)
    {
        epochs.Add(metrics);
        status = ConsoleProgress.Describe(metrics);
        Update();
    }

    public void Finished(TrainingResult result)
    {
        status = $"done: {result.History.Count} epochs, {result.Seconds:F1} s" + (result.Resumed ? " (resumed from a checkpoint)" : "");
        Update();
    }

    private void Update()
    {
        updateDisplay?.Invoke(Kernel.HTML(Render()));
        sinceUpdate.Restart();
    }

    internal string Render()
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div><b>{WebUtility.HtmlEncode(title)}</b> — {WebUtility.HtmlEncode(status)}</div>");
        html.Append(Svg());
        if (epochs.Count > 0)
        {
            html.Append("<table><tr><th>epoch</th><th>loss</th><th>train ELBO</th><th>log-lik.</th><th>KL</th><th>test ELBO</th><th>s</th></tr>");
            foreach (var m in epochs)
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{m.Epoch}</td><td>{m.Loss:F2}</td><td>{m.Train.Elbo:F2}</td><td>{m.Train.LogLikelihood:F2}</td><td>{m.Train.Kl:F2}</td><td>{(m.Test is { } t ? t.Elbo.ToString("F2", CultureInfo.InvariantCulture) : "–")}</td><td>{m.Seconds:F1}</td></tr>");
            html.Append("</table>");
        }
        return html.ToString();
    }

    private string Svg()
    {
        const int width = 480, height = 160, pad = 30;
        if (curve.Count < 2) return "";
        // Thin the curve to at most 400 points (mean of each bucket) so the display stays small.
        var bucket = Math.Max(1, curve.Count / 400);
        var points = curve.Chunk(bucket).Select(c => (X: c.Average(p => p.Progress), Y: c.Average(p => p.Loss))).ToList();
        var (xMax, yMin, yMax) = (Math.Max(totalEpochs, points[^1].X), points.Min(p => p.Y), points.Max(p => p.Y));
        if (yMax - yMin < 1e-9) yMax = yMin + 1;
        string Coordinates((double X, double Y) p) => string.Create(CultureInfo.InvariantCulture,
            $"{pad + p.X / xMax * (width - 2 * pad):F1},{height - pad - (p.Y - yMin) / (yMax - yMin) * (height - 2 * pad):F1}");
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg width=\"{width}\" height=\"{height}\" style=\"background:#fff\"><polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{string.Join(' ', points.Select(Coordinates))}\"/>" +
            $"<text x=\"{pad}\" y=\"12\" font-size=\"11\">loss {yMax:F1}</text><text x=\"{pad}\" y=\"{height - pad + 12}\" font-size=\"11\">loss {yMin:F1}</text>" +
            $"<text x=\"{width - pad - 60}\" y=\"{height - 4}\" font-size=\"11\">epoch {points[^1].X:F1} / {totalEpochs}</text></svg>");
    }
}
