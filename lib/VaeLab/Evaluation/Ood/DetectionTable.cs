namespace VaeLab.Evaluation.Ood;

/// <summary>A plain-text table of detection summaries, one row per score, for a notebook cell to print.</summary>
public static class DetectionTable
{
    public static string Format(string title, IEnumerable<(string Score, DetectionSummary Summary)> rows)
    {
        var list = rows.ToList();
        var width = Math.Max(5, list.Count == 0 ? 0 : list.Max(r => r.Score.Length));
        var lines = new List<string>
        {
            title,
            $"{"score".PadRight(width)}  {"AUROC",6}  {"AUPR",6}  {"FPR@95%TPR",10}",
        };
        lines.AddRange(list.Select(r => $"{r.Score.PadRight(width)}  {r.Summary.RocAuc,6:F3}  {r.Summary.AveragePrecision,6:F3}  {r.Summary.FalsePositiveRateAt95,10:F3}"));
        return string.Join("\n", lines);
    }
}
