using VaeLab.Inference.Gradients;
using VaeLab.Numerics;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Experiments;

/// <summary>
/// One mode's test metrics averaged over the checkpoints of the last training epoch, with their spread (the standard
/// deviation across those checkpoints): a single checkpoint can be a one-point spike or dip, an average of the last
/// epoch is what the run reached.
/// </summary>
public sealed record LastEpochAverage(EncoderGradientMode Mode, int Checkpoints, double Elbo, double ElboSpread,
    double ReconstructionLoss, double ReconstructionSpread, double Kl, double KlSpread)
{
    public static LastEpochAverage Of(EncoderGradientMode mode, IReadOnlyList<EncoderTrainingCheckpoint> checkpoints, int epochs)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var last = checkpoints.Where(c => c.Epoch > epochs - 1 + 1e-9).ToList();
        if (last.Count == 0) last = [checkpoints[^1]];
        var (elbo, elboSpread) = SpreadRule.Of(last.Select(c => c.TestElbo));
        var (reconstruction, reconstructionSpread) = SpreadRule.Of(last.Select(c => c.TestReconstructionLoss));
        var (kl, klSpread) = SpreadRule.Of(last.Select(c => c.TestKl));
        return new LastEpochAverage(mode, last.Count, elbo, elboSpread, reconstruction, reconstructionSpread, kl, klSpread);
    }
}

/// <summary>
/// What notebook 03 §4 reads off its training runs (pathwise, score function, detached), repeated on several seeds: per
/// seed the last-epoch averages of each mode; across seeds the paired differences between modes, how early the pathwise
/// run had matched the others, whether the score-function run was still improving, and where its ELBO went (KL versus
/// reconstruction). A difference counts as settled only when it has the same sign on every seed and exceeds, on every
/// seed, the within-run noise: twice the two modes' checkpoint-to-checkpoint spreads summed (<see cref="SpreadRule"/>),
/// the largest of that over the seeds; otherwise the reading says it is not settled.
/// </summary>
public sealed class EncoderComparisonReading
{
    private EncoderComparisonReading(IReadOnlyList<int> seeds, IReadOnlyList<IReadOnlyDictionary<EncoderGradientMode, LastEpochAverage>> perSeed,
        IReadOnlyList<IReadOnlyDictionary<EncoderGradientMode, IReadOnlyList<EncoderTrainingCheckpoint>>> checkpoints, int epochs)
    {
        Seeds = seeds;
        PerSeed = perSeed;
        Checkpoints = checkpoints;
        Epochs = epochs;
    }

    public IReadOnlyList<int> Seeds { get; }

    /// <summary>For each seed (in <see cref="Seeds"/>' order), each mode's last-epoch averages.</summary>
    public IReadOnlyList<IReadOnlyDictionary<EncoderGradientMode, LastEpochAverage>> PerSeed { get; }

    public IReadOnlyList<IReadOnlyDictionary<EncoderGradientMode, IReadOnlyList<EncoderTrainingCheckpoint>>> Checkpoints { get; }

    public int Epochs { get; }

    /// <summary>Reads <paramref name="runsBySeed"/>[i], the runs of every mode trained with <paramref name="seeds"/>[i].</summary>
    public static EncoderComparisonReading Of<TModel>(IReadOnlyList<int> seeds, IReadOnlyList<IReadOnlyList<EncoderTrainingRun<TModel>>> runsBySeed, int epochs)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(runsBySeed);
        if (seeds.Count == 0 || seeds.Count != runsBySeed.Count)
            throw new ArgumentException($"Give the runs of every seed: {seeds.Count} seeds, {runsBySeed.Count} groups of runs.", nameof(runsBySeed));
        foreach (var (seed, runs) in seeds.Zip(runsBySeed))
            foreach (var mode in Enum.GetValues<EncoderGradientMode>())
                if (runs.Count(r => r.Mode == mode) != 1) throw new ArgumentException($"Seed {seed} needs exactly one {mode} run.", nameof(runsBySeed));
        return new EncoderComparisonReading(seeds,
            runsBySeed.Select(runs => (IReadOnlyDictionary<EncoderGradientMode, LastEpochAverage>)runs.ToDictionary(r => r.Mode, r => LastEpochAverage.Of(r.Mode, r.Checkpoints, epochs))).ToList(),
            runsBySeed.Select(runs => (IReadOnlyDictionary<EncoderGradientMode, IReadOnlyList<EncoderTrainingCheckpoint>>)runs.ToDictionary(r => r.Mode, r => r.Checkpoints)).ToList(),
            epochs);
    }

    /// <summary>Whether a difference between two last-epoch averages of one run exceeds twice their summed spreads (<see cref="SpreadRule"/>).</summary>
    public static bool Settled(double difference, double spreadA, double spreadB) => SpreadRule.Settled(difference, spreadA, spreadB);

    public SeedSpread Elbo(EncoderGradientMode mode) => SeedSpread.Of(PerSeed.Select(a => a[mode].Elbo));

    public SeedSpread Kl(EncoderGradientMode mode) => SeedSpread.Of(PerSeed.Select(a => a[mode].Kl));

    public SeedSpread ReconstructionLoss(EncoderGradientMode mode) => SeedSpread.Of(PerSeed.Select(a => a[mode].ReconstructionLoss));

    /// <summary>Per-seed ELBO differences <paramref name="a"/> − <paramref name="b"/>.</summary>
    public SeedSpread ElboDifference(EncoderGradientMode a, EncoderGradientMode b) => SeedSpread.Paired(Elbo(a), Elbo(b));

    /// <summary>The paired verdict on <paramref name="a"/> − <paramref name="b"/>'s ELBO: the tolerance is the within-run
    /// noise, the largest over seeds of twice the two modes' summed checkpoint spreads.</summary>
    public SeedVerdict ElboVerdict(EncoderGradientMode a, EncoderGradientMode b) =>
        ElboDifference(a, b).Verdict(Tolerance(a, b, x => x.ElboSpread));

    /// <summary>Pathwise − ScoreFunction: Higher means the pathwise runs ended better on every seed.</summary>
    public SeedVerdict PathwiseVsScore => ElboVerdict(EncoderGradientMode.Pathwise, EncoderGradientMode.ScoreFunction);

    private double Tolerance(EncoderGradientMode a, EncoderGradientMode b, Func<LastEpochAverage, double> spread) =>
        PerSeed.Max(x => 2 * (spread(x[a]) + spread(x[b])));

    /// <summary>The words of <see cref="SeedSpread.Says"/> for <paramref name="a"/> − <paramref name="b"/>'s ELBO, with
    /// the within-run noise as tolerance: when the verdict is not settled, they name the actual reason (the seeds disagree,
    /// some seeds within the noise, or every seed on one side but by less than the seeds' spread).</summary>
    private string ElboSays(EncoderGradientMode a, EncoderGradientMode b, string higher, string lower) =>
        ElboDifference(a, b).Says(Tolerance(a, b, x => x.ElboSpread), higher, lower, "no difference beyond the checkpoint noise");

    /// <summary>The printed reading, line by line.</summary>
    public IEnumerable<string> Verdicts()
    {
        var (p, s, d) = (EncoderGradientMode.Pathwise, EncoderGradientMode.ScoreFunction, EncoderGradientMode.Detached);
        yield return $"Test ELBO averaged over the {PerSeed[0][p].Checkpoints} checkpoints of the last epoch (± their spread), nats, on {Seeds.Count} seeds:";
        yield return $"{"seed",6}{"Pathwise",20}{"ScoreFunction",20}{"Detached",20}";
        foreach (var (seed, a) in Seeds.Zip(PerSeed))
            yield return $"{seed,6}" + string.Concat(new[] { p, s, d }.Select(m => $"{$"{F(a[m].Elbo, 4)} ± {F(a[m].ElboSpread, 2)}",20}"));
        yield return $"Pathwise − ScoreFunction = {ElboDifference(p, s).Format("+0.0;-0.0")} nats (checkpoint noise ±{F(Tolerance(p, s, x => x.ElboSpread), 2)}): " +
                     $"{ElboSays(p, s, "pathwise higher", "score function higher")}.";
        yield return $"ScoreFunction − Detached = {ElboDifference(s, d).Format("+0.0;-0.0")} nats (checkpoint noise ±{F(Tolerance(s, d, x => x.ElboSpread), 2)}): " +
                     $"{ElboSays(s, d, "score function higher", "detached higher")}.";
        foreach (var other in new[] { s, d })
        {
            var reached = Checkpoints.Zip(PerSeed, (c, a) => c[p].FirstOrDefault(x => x.TestElbo >= a[other].Elbo)?.Epoch).ToList();
            yield return $"Pathwise reached {other}'s last-epoch ELBO (of the same seed) after " +
                         string.Join(", ", reached.Select(e => e is { } epoch ? F(epoch, 2) : "never")) + $" of {Epochs} epochs.";
        }
        if (Epochs >= 2)
        {
            var rises = SeedSpread.Of(Checkpoints.Zip(PerSeed, (c, a) =>
                a[s].Elbo - c[s].Where(x => x.Epoch > Epochs - 2 + 1e-9 && x.Epoch <= Epochs - 1 + 1e-9).Average(x => x.TestElbo)));
            yield return $"ScoreFunction's last-epoch average rose by {rises.Format("+0.00;-0.00")} nats over the epoch before: " +
                         (rises.AllAbove(0) ? "still improving on every seed, so the gaps are measured at this budget, not at convergence."
                                            : $"rose on {rises.Values.Count(v => v > 0)} of {rises.Count} seeds, so not still improving on every seed.");
        }
        var kl = SeedSpread.Paired(Kl(s), Kl(p));
        var reconstruction = SeedSpread.Paired(ReconstructionLoss(s), ReconstructionLoss(p));
        var (klNoise, reconstructionNoise) = (Tolerance(s, p, x => x.KlSpread), Tolerance(s, p, x => x.ReconstructionSpread));
        var klWords = kl.Says(klNoise, "the score-function encoder paid more KL", "the score-function encoder paid less KL",
            "no KL difference beyond the checkpoint noise");
        var reconstructionWords = reconstruction.Says(reconstructionNoise, "the score-function encoder reconstructed worse",
            "the score-function encoder reconstructed better", "no reconstruction difference beyond the checkpoint noise");
        yield return $"ScoreFunction − Pathwise, last-epoch averages: KL {kl.Format("+0.00;-0.00")} nats (checkpoint noise ±{F(klNoise, 2)}), " +
                     $"reconstruction loss {reconstruction.Format("+0.0;-0.0")} (±{F(reconstructionNoise, 2)}). " +
                     $"KL: {klWords}; reconstruction: {reconstructionWords}. Of the score-function encoder's mean ELBO deficit of {F(-ElboDifference(s, p).Mean)} nats, " +
                     $"reconstruction accounts for {F(reconstruction.Mean)} and KL for {F(kl.Mean)}.";
    }
}
