using TorchSharp;
using VaeLab.Evaluation.Ood;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class DetectionMetricsTests
{
    // A small case worked by hand (OOD = positives; higher score = more anomalous):
    //   in  = {0.1, 0.4, 0.35}, out = {0.8, 0.4, 0.2}.
    // Pairs (out, in) won by out: 0.8 beats all 3; 0.4 beats 0.1 and 0.35 and ties 0.4 (½); 0.2 beats 0.1.
    // AUC = (3 + 2.5 + 1) / 9 = 13/18.
    // Thresholds high→low: 0.8 → TP 1, FP 0; 0.4 → 2, 1; 0.35 → 2, 2; 0.2 → 3, 2; 0.1 → 3, 3.
    // AP = ⅓·1 + ⅓·⅔ + ⅓·⅗ = 34/45. First point with TPR ≥ 0.95 is (FPR ⅔, TPR 1).
    private static readonly double[] HandIn = [0.1, 0.4, 0.35];
    private static readonly double[] HandOut = [0.8, 0.4, 0.2];

    [Fact]
    public void HandComputedCase()
    {
        Assert.Equal(13.0 / 18, DetectionMetrics.RocAuc(HandIn, HandOut), 12);
        Assert.Equal(34.0 / 45, DetectionMetrics.AveragePrecision(HandIn, HandOut), 12);
        Assert.Equal(2.0 / 3, DetectionMetrics.FalsePositiveRateAtTruePositiveRate(HandIn, HandOut), 12);
        Assert.Equal(1.0 / 3, DetectionMetrics.FalsePositiveRateAtTruePositiveRate(HandIn, HandOut, 0.6), 12);
    }

    [Fact]
    public void HandComputedRocCurve()
    {
        var curve = DetectionMetrics.RocCurve(HandIn, HandOut);
        double[][] expected = [[0, 0], [0, 1 / 3.0], [1 / 3.0, 2 / 3.0], [2 / 3.0, 2 / 3.0], [2 / 3.0, 1], [1, 1]];
        Assert.Equal(expected.Length, curve.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k][0], curve[k].FalsePositiveRate, 12);
            Assert.Equal(expected[k][1], curve[k].TruePositiveRate, 12);
        }
        Assert.Equal(double.PositiveInfinity, curve[0].Threshold);
        Assert.Equal([0.8, 0.4, 0.35, 0.2, 0.1], curve.Skip(1).Select(p => p.Threshold));
    }

    [Fact]
    public void PerfectScorerGivesOne()
    {
        double[] inScores = [0.1, 0.2, 0.3], outScores = [0.5, 0.9];
        var summary = DetectionMetrics.Summarise(inScores, outScores);
        Assert.Equal(1.0, summary.RocAuc);
        Assert.Equal(1.0, summary.AveragePrecision);
        Assert.Equal(0.0, summary.FalsePositiveRateAt95);
    }

    [Fact]
    public void InvertedScorerGivesZeroAuc()
    {
        double[] inScores = [0.5, 0.9], outScores = [0.1, 0.2, 0.3];
        Assert.Equal(0.0, DetectionMetrics.RocAuc(inScores, outScores));
        Assert.Equal(1.0, DetectionMetrics.FalsePositiveRateAtTruePositiveRate(inScores, outScores));
        // All OOD come after both in-distribution examples: precisions 1/3, 2/4, 3/5 at recalls ⅓, ⅔, 1.
        Assert.Equal((1 / 3.0 + 2 / 4.0 + 3 / 5.0) / 3, DetectionMetrics.AveragePrecision(inScores, outScores), 12);
    }

    [Fact]
    public void AllTiesGiveChance()
    {
        double[] inScores = [1, 1, 1], outScores = [1, 1];
        Assert.Equal(0.5, DetectionMetrics.RocAuc(inScores, outScores));
        Assert.Equal(2 / 5.0, DetectionMetrics.AveragePrecision(inScores, outScores), 12);
        Assert.Equal(1.0, DetectionMetrics.FalsePositiveRateAtTruePositiveRate(inScores, outScores));
        Assert.Equal(2, DetectionMetrics.RocCurve(inScores, outScores).Count);
    }

    [Fact]
    public void RandomScoresAreNearChanceOnLargeSamples()
    {
        var random = new Random(8);
        var inScores = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var outScores = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var summary = DetectionMetrics.Summarise(inScores, outScores);
        // Standard error of the AUC here is √((n+m+1)/(12nm)) ≈ 0.006.
        Assert.InRange(summary.RocAuc, 0.48, 0.52);
        Assert.InRange(summary.AveragePrecision, 0.47, 0.53);
        Assert.InRange(summary.FalsePositiveRateAt95, 0.92, 0.98);
    }

    [Fact]
    public void RankAucEqualsTrapezoidAreaUnderCurveWithTies()
    {
        var random = new Random(3);
        // Scores on a coarse grid, so many ties between and within groups.
        var inScores = Enumerable.Range(0, 300).Select(_ => (double)random.Next(10)).ToArray();
        var outScores = Enumerable.Range(0, 200).Select(_ => (double)random.Next(4, 14)).ToArray();
        var curve = DetectionMetrics.RocCurve(inScores, outScores);
        var trapezoid = curve.Zip(curve.Skip(1))
            .Sum(p => (p.Second.FalsePositiveRate - p.First.FalsePositiveRate) * (p.First.TruePositiveRate + p.Second.TruePositiveRate) / 2);
        // Brute force over all pairs as a second, independent definition.
        double wins = 0;
        foreach (var o in outScores)
            foreach (var i in inScores)
                wins += o > i ? 1 : o == i ? 0.5 : 0;
        var auc = DetectionMetrics.RocAuc(inScores, outScores);
        Assert.Equal(wins / (inScores.Length * outScores.Length), auc, 12);
        Assert.Equal(trapezoid, auc, 12);
    }

    [Fact]
    public void TensorScoresGiveTheSameSummary()
    {
        // Both float32: a float32 0.4 and a float64 0.4 differ, which would turn the tie into a loss.
        var summary = DetectionMetrics.SummariseTensors(
            tensor(HandIn.Select(v => (float)v).ToArray()), tensor(HandOut.Select(v => (float)v).ToArray()));
        Assert.Equal(13.0 / 18, summary.RocAuc, 6);
        Assert.Equal(34.0 / 45, summary.AveragePrecision, 6);
    }

    [Fact]
    public void EmptyGroupThrowsOneLineError()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectionMetrics.RocAuc([], [0.5]));
        Assert.Contains("in-distribution scores are empty", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<ArgumentException>(() => DetectionMetrics.AveragePrecision([0.5], []));
    }

    [Fact]
    public void NaNScoreThrowsOneLineErrorNamingItsIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectionMetrics.Summarise([0.1, 0.2], [0.3, double.NaN]));
        Assert.Contains("out-of-distribution score at index 1 is NaN", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TargetRateOutsideUnitIntervalThrows() =>
        Assert.Throws<ArgumentException>(() => DetectionMetrics.FalsePositiveRateAtTruePositiveRate(HandIn, HandOut, 1.5));
}
