using VaeLab.Evaluation;

namespace VaeLab.Tests.Evaluation;

public class SeedComparisonTests
{
    [Fact]
    public void AMethodsSummaryIsItsSeedSpread()
    {
        var comparison = new SeedComparison();
        foreach (var v in new[] { 1.0, 2.0, 3.0 }) comparison.Add("A", v);
        Assert.Equal(2.0, comparison["A"].Mean, 12);
        Assert.Equal(1.0, comparison["A"].StandardDeviation, 12);
        Assert.Equal([1.0, 2.0, 3.0], comparison["A"].Values);
        Assert.Throws<ArgumentException>(() => comparison["B"]);
    }

    [Fact]
    public void PairedDifferenceIsSettledOnlyWhenEverySeedAgreesAndTheMeanExceedsTheSpread()
    {
        var comparison = new SeedComparison();
        double[] a = [0.80, 0.85, 0.90, 0.82, 0.88], b = [0.78, 0.83, 0.87, 0.80, 0.86], c = [0.70, 0.95, 0.80, 0.85, 0.90];
        for (var i = 0; i < 5; i++) { comparison.Add("A", a[i]); comparison.Add("B", b[i]); comparison.Add("C", c[i]); }
        var ab = comparison.Paired("A", "B");
        Assert.Equal(0.022, ab.Mean, 10);
        Assert.Equal(5, ab.AHigher);
        Assert.True(ab.Settled);
        Assert.Equal("above", ab.Verdict);
        Assert.Equal("below", comparison.Paired("B", "A").Verdict);
        // A − C: +0.10, −0.10, +0.10, −0.03, −0.02: signs disagree.
        var ac = comparison.Paired("A", "C");
        Assert.False(ac.Settled);
        Assert.Equal("not settled", ac.Verdict);
        Assert.Contains("not settled", ac.ToString());
        Assert.Equal(["A", "B", "C"], comparison.Methods);
        Assert.Contains("per seed [0.800, 0.850, 0.900, 0.820, 0.880]", comparison.Table("AUC"));
        Assert.Throws<ArgumentException>(() => comparison.Paired("A", "D"));
    }

    [Fact]
    public void SameSignButSmallerThanTheSpreadIsNotSettled()
    {
        // Differences 0.001, 0.05, 0.002, 0.08, 0.003: all positive, mean 0.027 < sd 0.036.
        var comparison = new SeedComparison();
        double[] d = [0.001, 0.05, 0.002, 0.08, 0.003];
        foreach (var x in d) { comparison.Add("A", 0.5 + x); comparison.Add("B", 0.5); }
        Assert.False(comparison.Paired("A", "B").Settled);
    }

    [Fact]
    public void FewerThanThreeSeedsNeverSettle()
    {
        var comparison = new SeedComparison();
        comparison.Add("A", 0.9); comparison.Add("B", 0.5);
        comparison.Add("A", 0.91); comparison.Add("B", 0.5);
        Assert.False(comparison.Paired("A", "B").Settled);
    }
}
