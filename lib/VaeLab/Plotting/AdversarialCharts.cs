using Plotly.NET;
using VaeLab.Models;
using VaeLab.Training;

namespace VaeLab.Plotting;

/// <summary>Charts of an adversarial run (notebook 09's VAE-GAN).</summary>
public static class AdversarialCharts
{
    /// <summary>
    /// Each named term's batch mean over training steps, one line per (run, term), smoothed by a moving average over
    /// <paramref name="window"/> steps so the trend shows through the step-to-step noise.
    /// </summary>
    public static GenericChart TermsOverSteps(IReadOnlyDictionary<string, IReadOnlyList<StepMetrics>> runs, IReadOnlyList<Term> terms,
        int window, string title)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var curves = new List<(string, double[], double[], bool)>();
        foreach (var (run, steps) in runs)
        {
            if (steps.Count == 0) throw new ArgumentException($"Run '{run}' recorded no steps; train it with RecordSteps = true.");
            foreach (var term in terms)
            {
                var values = steps.Select(s => s.Terms.TryGetValue(term, out var v) ? v
                    : throw new ArgumentException($"Run '{run}' recorded no '{term}' term.")).ToArray();
                var smoothed = values.Select((_, i) => values.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average()).ToArray();
                curves.Add(($"{run}: {term}", steps.Select(s => (double)s.GlobalStep).ToArray(), smoothed, false));
            }
        }
        return InferenceCharts.Curves(title, "training step", $"batch mean (moving average over {window} steps)", curves);
    }
}
