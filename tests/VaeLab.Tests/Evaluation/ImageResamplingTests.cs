using VaeLab.Evaluation;
using VaeLab.Evaluation.Ood;

namespace VaeLab.Tests.Evaluation;

public class AurocBootstrapTests
{
    private static ImageScores Draw(int seed, int n, double shift)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return new ImageScores(Enumerable.Range(0, n).Select(_ => Normal()).ToArray(), Enumerable.Range(0, n).Select(_ => Normal() + shift).ToArray());
    }

    [Fact]
    public void UnitCountsGiveTheAurocAndCountsWeightImages()
    {
        // Ties included: in {1, 2, 2}, out {2, 3}.
        var scores = new ImageScores([1, 2, 2], [2, 3]);
        Assert.Equal(DetectionMetrics.RocAuc(scores.In, scores.Out), AurocBootstrap.WeightedAuroc(scores, [1, 1, 1], [1, 1]), 12);
        // Counting the in-image 1 twice and dropping the out-image 3 is the AUROC of in {1, 1, 2}, out {2}.
        Assert.Equal(DetectionMetrics.RocAuc([1, 1, 2], [2]), AurocBootstrap.WeightedAuroc(scores, [2, 1, 0], [1, 0]), 12);
        Assert.Throws<ArgumentException>(() => AurocBootstrap.WeightedAuroc(scores, [1, 1], [1, 1]));
    }

    [Fact]
    public void IntervalIsDeterministicAndCoversTheDifference()
    {
        var a = new[] { Draw(1, 300, 1.0), Draw(2, 300, 1.0) };
        var b = new[] { Draw(1, 300, 0.9), Draw(2, 300, 0.9) };
        var first = AurocBootstrap.PairedDifference(a, b, replicates: 400, seed: 3);
        var again = AurocBootstrap.PairedDifference(a, b, replicates: 400, seed: 3);
        Assert.Equal(first, again);
        Assert.NotEqual(first, AurocBootstrap.PairedDifference(a, b, replicates: 400, seed: 4));
        var observed = a.Zip(b, (x, y) => x.RocAuc - y.RocAuc).Average();
        Assert.InRange(observed, first.Low, first.High);
        Assert.Equal(0.95, first.Level);
        Assert.Throws<ArgumentException>(() => AurocBootstrap.PairedDifference(a, [b[0]]));
        Assert.Throws<ArgumentException>(() => AurocBootstrap.PairedDifference(a, [b[0], Draw(5, 200, 0.9)]));
    }

    [Fact]
    public void AClearDifferenceExcludesZeroAndNoiseDoesNot()
    {
        // A separates the sets perfectly, B is a coin: the interval of A − B lies far above 0.
        var perfect = new ImageScores(Enumerable.Range(0, 100).Select(i => (double)i).ToArray(), Enumerable.Range(100, 100).Select(i => (double)i).ToArray());
        var coin = Draw(7, 100, 0.0);
        var clear = AurocBootstrap.PairedDifference([perfect], [coin], replicates: 300, seed: 1);
        Assert.True(clear.Low > 0.2 && clear.ExcludesZero);
        // A and B nearly the same score (B = A plus small independent noise): the interval straddles 0.
        var noise = new Random(9);
        var shaky = new ImageScores(coin.In.Select(v => v + 0.05 * noise.NextDouble()).ToArray(), coin.Out.Select(v => v + 0.05 * noise.NextDouble()).ToArray());
        var unclear = AurocBootstrap.PairedDifference([coin], [shaky], replicates: 300, seed: 1);
        Assert.False(unclear.ExcludesZero);
    }
}

public class ImagePairedDifferenceTests
{
    private static PairedDifference Seeds(params double[] differences) => new("A", "B", differences);

    [Fact]
    public void SettledOnlyWhenTheSeedsAndTheImagesAgree()
    {
        var seedsAbove = Seeds(0.010, 0.012, 0.011);
        var above = new ImagePairedDifference(seedsAbove, new BootstrapInterval(0.004, 0.018, 0.95, 1000));
        Assert.True(above.Settled);
        Assert.Equal("above", above.Verdict);
        Assert.Contains("→ A above B", above.ToString());

        var below = new ImagePairedDifference(Seeds(-0.010, -0.012, -0.011), new BootstrapInterval(-0.02, -0.001, 0.95, 1000));
        Assert.Equal("below", below.Verdict);

        // Every seed agrees, but another draw of test images could reverse it.
        var imagesUnsure = new ImagePairedDifference(seedsAbove, new BootstrapInterval(-0.003, 0.025, 0.95, 1000));
        Assert.False(imagesUnsure.Settled);
        Assert.Equal("not settled", imagesUnsure.Verdict);
        Assert.Contains("interval over resampled test images includes 0", imagesUnsure.Reason);

        // The interval excludes 0 but the seeds disagree in sign.
        var seedsUnsure = new ImagePairedDifference(Seeds(0.02, -0.001, 0.015), new BootstrapInterval(0.001, 0.03, 0.95, 1000));
        Assert.False(seedsUnsure.Settled);
        Assert.Equal("the seeds do not settle it", seedsUnsure.Reason);

        // Two seeds are too few, whatever the images say.
        var twoSeeds = new ImagePairedDifference(Seeds(0.010, 0.012), new BootstrapInterval(0.004, 0.018, 0.95, 1000));
        Assert.False(twoSeeds.Settled);
        Assert.Equal("2 seeds; a verdict needs at least 3", twoSeeds.Reason);

        // An interval on the other side of zero from the mean does not settle it either.
        Assert.False(new ImagePairedDifference(seedsAbove, new BootstrapInterval(-0.02, -0.001, 0.95, 1000)).Settled);
    }
}

public class TrainingLengthCheckTests
{
    [Fact]
    public void ReadsGainLossOrNeither()
    {
        PairedDifference Longer(params double[] d) => new("twice the epochs", "budget", d);
        Assert.Equal(TrainingLengthVerdict.StillImproving, TrainingLengthCheck.Read(Longer(0.02, 0.03, 0.025)));
        Assert.Contains("under-trained", TrainingLengthCheck.Says("GAE", Longer(0.02, 0.03, 0.025), 200));
        Assert.Equal(TrainingLengthVerdict.LongerIsWorse, TrainingLengthCheck.Read(Longer(-0.02, -0.03, -0.025)));
        Assert.Contains("not under-trained", TrainingLengthCheck.Says("GAE", Longer(-0.02, -0.03, -0.025), 200));
        // Signs disagree, or a sign agrees but the mean is inside the spread: neither.
        Assert.Equal(TrainingLengthVerdict.NotSettled, TrainingLengthCheck.Read(Longer(0.02, -0.01, 0.03)));
        Assert.Equal(TrainingLengthVerdict.NotSettled, TrainingLengthCheck.Read(Longer(0.001, 0.05, 0.002)));
        Assert.Contains("no settled amount", TrainingLengthCheck.Says("VGAE", Longer(0.02, -0.01, 0.03), 200));
        // Two graphs are too few for a verdict.
        Assert.Equal(TrainingLengthVerdict.NotSettled, TrainingLengthCheck.Read(Longer(0.02, 0.03)));
    }
}
