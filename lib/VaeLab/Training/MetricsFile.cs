using System.Globalization;
using System.Text;
using System.Text.Json;
using VaeLab.Common;

namespace VaeLab.Training;

/// <summary>
/// Writes a run's per-epoch metrics as CSV (one row per epoch, one column per term, applied weight and extra term) and
/// JSON, atomically. The typed keys become text only here: a term's column is its name (train_&lt;term&gt;,
/// test_&lt;term&gt;, &lt;extra term&gt;), the weights' columns are <see cref="Objectives.AppliedWeights.Columns"/>, and in
/// the JSON terms, extra terms and group losses are written under their names.
/// </summary>
public static class MetricsFile
{
    public static void WriteCsv(string path, IReadOnlyList<EpochMetrics> history)
    {
        var terms = history.SelectMany(m => m.Train.Terms.Keys).Distinct().ToList();
        var weights = history.SelectMany(m => m.Weights.Columns().Keys).Distinct().ToList();
        var extras = history.SelectMany(m => m.ExtraTerms.Keys).Distinct().ToList();
        var header = new List<string> { "epoch", "loss", "train_elbo" };
        header.AddRange(terms.Select(t => $"train_{t}"));
        header.Add("test_elbo");
        header.AddRange(terms.Select(t => $"test_{t}"));
        header.AddRange(weights);
        header.AddRange(extras.Select(e => e.Name));
        header.AddRange(["seconds", "examples_per_second"]);
        var csv = new StringBuilder(string.Join(',', header)).Append('\n');
        foreach (var m in history)
        {
            var row = new List<double?> { m.Epoch, m.Loss, m.Train.Elbo };
            row.AddRange(terms.Select(t => (double?)m.Train.Terms.GetValueOrDefault(t, double.NaN)));
            row.Add(m.Test?.Elbo);
            row.AddRange(terms.Select(t => m.Test?.Terms.GetValueOrDefault(t, double.NaN)));
            var applied = m.Weights.Columns();
            row.AddRange(weights.Select(w => (double?)applied.GetValueOrDefault(w, double.NaN)));
            row.AddRange(extras.Select(e => (double?)m.ExtraTerms.GetValueOrDefault(e, double.NaN)));
            row.AddRange([m.Seconds, m.ExamplesPerSecond]);
            csv.AppendLine(string.Join(',', row.Select(v => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "")));
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    public static void WriteJson(string path, IReadOnlyList<EpochMetrics> history) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(history, Checkpoint.Json));
}
