using VaeLab.Numerics;

namespace VaeLab.Evaluation.Ood;

/// <summary>One score on one seed, per image: the in-distribution and the OOD images' scores (higher = more anomalous).</summary>
public sealed record ImageScores(double[] In, double[] Out)
{
    public double RocAuc => DetectionMetrics.RocAuc(In, Out);
}

/// <summary>A percentile interval of a bootstrap distribution.</summary>
/// <param name="Low">The (1 − level)/2 quantile.</param>
/// <param name="High">The (1 + level)/2 quantile.</param>
/// <param name="Level">The coverage the interval is meant to have (0.95: a 95 % interval).</param>
/// <param name="Replicates">How many resamples it was computed from.</param>
public sealed record BootstrapInterval(double Low, double High, double Level, int Replicates)
{
    /// <summary>True when the whole interval lies on one side of zero.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    public override string ToString() => $"{Level:P0} interval [{Low:+0.000;-0.000;0.000}, {High:+0.000;-0.000;0.000}]";
}

/// <summary>
/// How much an AUROC difference depends on which test images were scored: a paired bootstrap over the images
/// (Efron &amp; Tibshirani 1993, percentile interval). Each replicate draws the in-distribution and the OOD images with
/// replacement, keeping the two sets' sizes (a stratified resample, so every replicate has both classes), and recomputes
/// AUROC(A) − AUROC(B) on the drawn images — the same draw for both scores, because they scored the same images, and the
/// same draw for every seed, because every seed scored the same images too. With several seeds the replicate's value is
/// the mean of the per-seed differences, so the interval is the one of the number the seed comparison reports.
/// Deterministic in <c>seed</c>.
/// </summary>
public static class AurocBootstrap
{
    /// <summary>
    /// The percentile interval of mean over seeds of AUROC(a) − AUROC(b) under resampling of the images.
    /// <paramref name="a"/> and <paramref name="b"/> hold one <see cref="ImageScores"/> per seed, all over the same images.
    /// </summary>
    public static BootstrapInterval PairedDifference(IReadOnlyList<ImageScores> a, IReadOnlyList<ImageScores> b,
        int replicates = 1000, int seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || a.Count != b.Count)
            throw new ArgumentException($"Give one score set per seed for both scores, the same seeds for each; got {a.Count} and {b.Count}.");
        if (replicates < 2) throw new ArgumentException($"A bootstrap needs at least 2 replicates; got {replicates}.");
        if (!(level > 0 && level < 1)) throw new ArgumentException($"The interval's level must lie strictly between 0 and 1; got {level}.");
        var (nIn, nOut) = (a[0].In.Length, a[0].Out.Length);
        if (nIn == 0 || nOut == 0) throw new ArgumentException("Both the in-distribution and the OOD set need at least one image.");
        if (a.Concat(b).Any(s => s.In.Length != nIn || s.Out.Length != nOut))
            throw new ArgumentException($"Every seed and score must score the same images: expected {nIn} in-distribution and {nOut} OOD scores in each set.");

        var pools = a.Select(Ranked.Of).Zip(b.Select(Ranked.Of)).ToArray();
        var random = new Random(seed);
        var (inCounts, outCounts) = (new int[nIn], new int[nOut]);
        var values = new double[replicates];
        for (var r = 0; r < replicates; r++)
        {
            Array.Clear(inCounts);
            Array.Clear(outCounts);
            for (var i = 0; i < nIn; i++) inCounts[random.Next(nIn)]++;
            for (var i = 0; i < nOut; i++) outCounts[random.Next(nOut)]++;
            values[r] = pools.Average(p => p.First.Auroc(inCounts, outCounts) - p.Second.Auroc(inCounts, outCounts));
        }
        Array.Sort(values);
        return new BootstrapInterval(Quantiles.OfSorted(values, (1 - level) / 2), Quantiles.OfSorted(values, (1 + level) / 2), level, replicates);
    }

    /// <summary>
    /// AUROC of a score when image i of each set counts <c>inCounts[i]</c> / <c>outCounts[j]</c> times (ties count one half):
    /// with every count 1 it is <see cref="DetectionMetrics.RocAuc"/>.
    /// </summary>
    public static double WeightedAuroc(ImageScores scores, int[] inCounts, int[] outCounts)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (inCounts.Length != scores.In.Length || outCounts.Length != scores.Out.Length)
            throw new ArgumentException($"Give one count per image: {scores.In.Length} + {scores.Out.Length} images, {inCounts.Length} + {outCounts.Length} counts.");
        return Ranked.Of(scores).Auroc(inCounts, outCounts);
    }


    /// <summary>The pooled scores sorted once, in runs of tied values, so each replicate's AUROC is one linear pass.</summary>
    private sealed class Ranked
    {
        private readonly int[] index;          // pooled position → image index (in: i, out: nIn + j), sorted by score
        private readonly int[] runEnd;         // for each sorted position, one past the last position tied with it
        private readonly int inCount;

        private Ranked(int[] index, int[] runEnd, int inCount) => (this.index, this.runEnd, this.inCount) = (index, runEnd, inCount);

        public static Ranked Of(ImageScores scores)
        {
            var pooled = scores.In.Concat(scores.Out).ToArray();
            if (pooled.Any(double.IsNaN)) throw new ArgumentException("A score is NaN: AUROC needs every image scored.");
            var index = Enumerable.Range(0, pooled.Length).OrderBy(i => pooled[i]).ToArray();
            var runEnd = new int[index.Length];
            for (var start = 0; start < index.Length;)
            {
                var end = start + 1;
                while (end < index.Length && pooled[index[end]].CompareTo(pooled[index[start]]) == 0) end++;
                for (var i = start; i < end; i++) runEnd[i] = end;
                start = end;
            }
            return new Ranked(index, runEnd, scores.In.Length);
        }

        public double Auroc(int[] inCounts, int[] outCounts)
        {
            double inBelow = 0, pairs = 0, totalIn = 0, totalOut = 0;
            for (var start = 0; start < index.Length;)
            {
                double runIn = 0, runOut = 0;
                var end = runEnd[start];
                for (var i = start; i < end; i++)
                {
                    var k = index[i];
                    if (k < inCount) runIn += inCounts[k]; else runOut += outCounts[k - inCount];
                }
                pairs += runOut * (inBelow + runIn / 2);
                inBelow += runIn;
                (totalIn, totalOut) = (totalIn + runIn, totalOut + runOut);
                start = end;
            }
            return pairs / (totalIn * totalOut);
        }
    }
}
