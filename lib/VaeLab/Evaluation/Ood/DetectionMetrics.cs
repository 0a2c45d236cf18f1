using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Ood;

/// <summary>One point of a ROC curve: flag every example whose score is at least <see cref="Threshold"/>.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>The three usual out-of-distribution detection numbers for one pair of score sets.</summary>
/// <param name="RocAuc">Area under the ROC curve: 1 perfect, 0.5 chance, below 0.5 the score points the wrong way.</param>
/// <param name="AveragePrecision">Area under the precision–recall curve with OOD as the positive class; chance level
/// is the share of OOD examples.</param>
/// <param name="FalsePositiveRateAt95">The share of in-distribution examples flagged when the threshold flags 95 % of the
/// OOD examples (lower is better).</param>
public sealed record DetectionSummary(double RocAuc, double AveragePrecision, double FalsePositiveRateAt95)
{
    public override string ToString() =>
        $"AUROC {RocAuc:F3}, AUPR {AveragePrecision:F3}, FPR@95%TPR {FalsePositiveRateAt95:F3}";
}

/// <summary>
/// Threshold-free metrics for a detector that gives every example a score, <b>higher = more anomalous</b>. The
/// out-of-distribution (OOD) examples are the positive class, the in-distribution examples the negatives. For a
/// likelihood model pass −log p(x) (or another "surprise"), not log p(x), or every number comes out mirrored.
/// The conventions follow Hendrycks &amp; Gimpel 2017 (AUROC, AUPR, FPR at 95 % TPR), the set used by Nalisnick
/// et al. 2019, Ren et al. 2019 and Serrà et al. 2020.
/// </summary>
public static class DetectionMetrics
{
    /// <summary>All three numbers at once.</summary>
    public static DetectionSummary Summarise(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution) =>
        new(RocAuc(inDistribution, outOfDistribution),
            AveragePrecision(inDistribution, outOfDistribution),
            FalsePositiveRateAtTruePositiveRate(inDistribution, outOfDistribution, 0.95));

    /// <summary>All three numbers from two score tensors (any shape, any floating or integer dtype; flattened). A
    /// separate name because TorchSharp converts arrays to tensors implicitly, which would make an overload ambiguous.</summary>
    public static DetectionSummary SummariseTensors(Tensor inDistribution, Tensor outOfDistribution) =>
        Summarise(ToArray(inDistribution), ToArray(outOfDistribution));

    /// <summary>
    /// ROC-AUC as the Mann–Whitney statistic: the probability that a random OOD example scores higher than a random
    /// in-distribution one, ties counting one half (Hanley &amp; McNeil 1982: AUC = U / (n₊ n₋)). Computed from
    /// mid-ranks of the pooled scores, so it is exact, O(n log n), and equal to the trapezoidal area under
    /// <see cref="RocCurve"/>.
    /// </summary>
    public static double RocAuc(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        Validate(inDistribution, outOfDistribution);
        var pooled = Pool(inDistribution, outOfDistribution);
        Array.Sort(pooled, (a, b) => a.Score.CompareTo(b.Score));

        // Sum of the positives' ranks (1-based); a run of tied scores shares the mean of the ranks it spans.
        double positiveRankSum = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Score.CompareTo(pooled[start].Score) == 0) end++;
            var midRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
                if (pooled[i].IsOutOfDistribution) positiveRankSum += midRank;
            start = end + 1;
        }

        double positives = outOfDistribution.Count, negatives = inDistribution.Count;
        var u = positiveRankSum - positives * (positives + 1) / 2;
        return u / (positives * negatives);
    }

    /// <summary>
    /// Average precision AP = Σ_t (R_t − R_{t−1}) P_t over the distinct score thresholds t from high to low, with
    /// R recall and P precision of "score ≥ t" for the OOD class: the step-wise (not interpolated) area under the
    /// precision–recall curve, the definition scikit-learn's <c>average_precision_score</c> uses. Tied scores enter
    /// together at one threshold. A perfect scorer gives 1; a useless one about the share of OOD examples.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        Validate(inDistribution, outOfDistribution);
        double positives = outOfDistribution.Count;
        double ap = 0, previousRecall = 0;
        foreach (var (truePositives, falsePositives, _) in CumulativeCounts(inDistribution, outOfDistribution))
        {
            var recall = truePositives / positives;
            var precision = truePositives / (double)(truePositives + falsePositives);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return ap;
    }

    /// <summary>
    /// The false-positive rate at the highest threshold whose true-positive rate reaches <paramref name="truePositiveRate"/>
    /// (no interpolation between ROC points). With the default 0.95: the share of in-distribution examples a detector
    /// wrongly flags when it is set to catch 95 % of the OOD examples (Liang et al. 2018, "FPR at 95 % TPR").
    /// </summary>
    public static double FalsePositiveRateAtTruePositiveRate(
        IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution, double truePositiveRate = 0.95)
    {
        if (!(truePositiveRate > 0 && truePositiveRate <= 1))
            throw new ArgumentException($"The target true-positive rate must lie in (0, 1]; got {truePositiveRate}.");
        Validate(inDistribution, outOfDistribution);
        // The curve's TPR and FPR both grow as the threshold falls, so the first point reaching the target has the
        // smallest FPR among all points that reach it.
        foreach (var point in RocCurve(inDistribution, outOfDistribution))
            if (point.TruePositiveRate >= truePositiveRate - 1e-12) return point.FalsePositiveRate;
        return 1.0; // unreachable: the last point has TPR 1
    }

    /// <summary>
    /// The ROC curve as its corner points, from (0, 0) at threshold +∞ through one point per distinct score (high to
    /// low) to (1, 1). A tie between an OOD and an in-distribution score makes a diagonal step, which is what counts a
    /// tie as one half in <see cref="RocAuc"/>. Ready to plot as a line chart of FPR against TPR.
    /// </summary>
    public static IReadOnlyList<RocPoint> RocCurve(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        Validate(inDistribution, outOfDistribution);
        double positives = outOfDistribution.Count, negatives = inDistribution.Count;
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        foreach (var (truePositives, falsePositives, threshold) in CumulativeCounts(inDistribution, outOfDistribution))
            points.Add(new RocPoint(falsePositives / negatives, truePositives / positives, threshold));
        return points;
    }

    /// <summary>The counts of flagged OOD (true positives) and in-distribution (false positives) examples for each
    /// distinct threshold, from the highest score down.</summary>
    private static IEnumerable<(int TruePositives, int FalsePositives, double Threshold)> CumulativeCounts(
        IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        var pooled = Pool(inDistribution, outOfDistribution);
        Array.Sort(pooled, (a, b) => b.Score.CompareTo(a.Score));
        int truePositives = 0, falsePositives = 0;
        for (var i = 0; i < pooled.Length; i++)
        {
            if (pooled[i].IsOutOfDistribution) truePositives++;
            else falsePositives++;
            var lastOfTie = i + 1 == pooled.Length || pooled[i + 1].Score.CompareTo(pooled[i].Score) != 0;
            if (lastOfTie) yield return (truePositives, falsePositives, pooled[i].Score);
        }
    }

    private static (double Score, bool IsOutOfDistribution)[] Pool(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        var pooled = new (double, bool)[inDistribution.Count + outOfDistribution.Count];
        for (var i = 0; i < inDistribution.Count; i++) pooled[i] = (inDistribution[i], false);
        for (var i = 0; i < outOfDistribution.Count; i++) pooled[inDistribution.Count + i] = (outOfDistribution[i], true);
        return pooled;
    }

    private static void Validate(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        ArgumentNullException.ThrowIfNull(inDistribution);
        ArgumentNullException.ThrowIfNull(outOfDistribution);
        CheckGroup(inDistribution, "in-distribution");
        CheckGroup(outOfDistribution, "out-of-distribution");
    }

    private static void CheckGroup(IReadOnlyList<double> scores, string group)
    {
        if (scores.Count == 0)
            throw new ArgumentException($"The {group} scores are empty: every metric needs at least one score in each group.");
        for (var i = 0; i < scores.Count; i++)
            if (double.IsNaN(scores[i]))
                throw new ArgumentException(
                    $"The {group} score at index {i} is NaN: NaN has no rank; find where the model produced it (e.g. log 0) and fix or drop those examples first.");
    }

    private static double[] ToArray(Tensor scores)
    {
        using var scope = NewDisposeScope();
        return scores.detach().cpu().reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
