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
/// What notebook 03 §4 reads off its three training runs (pathwise, score function, detached): the last-epoch averages,
/// the gaps between them, how early the pathwise run had matched the others, and where the score-function run's ELBO
/// went (KL versus reconstruction). A difference smaller than twice the two modes' checkpoint-to-checkpoint spreads
/// (summed) is reported as not settled by this run.
/// </summary>
public sealed class EncoderComparisonReading
{
    private EncoderComparisonReading(IReadOnlyDictionary<EncoderGradientMode, LastEpochAverage> averages,
        IReadOnlyDictionary<EncoderGradientMode, IReadOnlyList<EncoderTrainingCheckpoint>> checkpoints, int epochs)
    {
        Averages = averages;
        Checkpoints = checkpoints;
        Epochs = epochs;
    }

    public IReadOnlyDictionary<EncoderGradientMode, LastEpochAverage> Averages { get; }
    public IReadOnlyDictionary<EncoderGradientMode, IReadOnlyList<EncoderTrainingCheckpoint>> Checkpoints { get; }
    public int Epochs { get; }

    public static EncoderComparisonReading Of<TModel>(IEnumerable<EncoderTrainingRun<TModel>> runs, int epochs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        foreach (var mode in Enum.GetValues<EncoderGradientMode>())
            if (list.All(r => r.Mode != mode)) throw new ArgumentException($"The comparison needs a {mode} run.", nameof(runs));
        return new EncoderComparisonReading(
            list.ToDictionary(r => r.Mode, r => LastEpochAverage.Of(r.Mode, r.Checkpoints, epochs)),
            list.ToDictionary(r => r.Mode, r => r.Checkpoints), epochs);
    }

    /// <summary>Whether a difference between two last-epoch averages exceeds twice their summed spreads (<see cref="SpreadRule"/>).</summary>
    public static bool Settled(double difference, double spreadA, double spreadB) => SpreadRule.Settled(difference, spreadA, spreadB);

    /// <summary>The printed reading, line by line.</summary>
    public IEnumerable<string> Verdicts()
    {
        var (p, s, d) = (Averages[EncoderGradientMode.Pathwise], Averages[EncoderGradientMode.ScoreFunction], Averages[EncoderGradientMode.Detached]);
        yield return $"Test ELBO averaged over the {p.Checkpoints} checkpoints of the last epoch: Pathwise {F(p.Elbo, 4)} (± {F(p.ElboSpread, 2)}), " +
                     $"ScoreFunction {F(s.Elbo, 4)} (± {F(s.ElboSpread, 2)}), Detached {F(d.Elbo, 4)} (± {F(d.ElboSpread, 2)}) nats.";
        string Gap(string name, LastEpochAverage a, LastEpochAverage b) =>
            $"{name} = {F(a.Elbo - b.Elbo)} nats" + (Settled(a.Elbo - b.Elbo, a.ElboSpread, b.ElboSpread) ? "" : " (within the checkpoints' spread: not settled)");
        yield return $"Gaps: {Gap("Pathwise − ScoreFunction", p, s)}; {Gap("ScoreFunction − Detached", s, d)}.";
        foreach (var other in new[] { s, d })
        {
            var reached = Checkpoints[EncoderGradientMode.Pathwise].FirstOrDefault(c => c.TestElbo >= other.Elbo);
            yield return reached is null
                ? $"Pathwise never reached {other.Mode}'s last-epoch ELBO ({F(other.Elbo, 4)})."
                : $"Pathwise reached {other.Mode}'s last-epoch ELBO ({F(other.Elbo, 4)}) after {F(reached.Epoch, 2)} of {Epochs} epochs.";
        }
        var klDifference = s.Kl - p.Kl;
        var reconstructionDifference = s.ReconstructionLoss - p.ReconstructionLoss;
        var kl = !Settled(klDifference, s.KlSpread, p.KlSpread) ? "about as much KL as" : klDifference > 0 ? "more KL than" : "less KL than";
        var reconstruction = !Settled(reconstructionDifference, s.ReconstructionSpread, p.ReconstructionSpread) ? "reconstructed about as well"
            : reconstructionDifference > 0 ? "reconstructed worse" : "reconstructed better";
        yield return $"ScoreFunction vs Pathwise, last-epoch averages: KL {F(s.Kl, 4)} vs {F(p.Kl, 4)} nats, reconstruction loss {F(s.ReconstructionLoss, 4)} vs " +
                     $"{F(p.ReconstructionLoss, 4)}. The score-function encoder paid {kl} the pathwise one and {reconstruction}; of its ELBO deficit of " +
                     $"{F(p.Elbo - s.Elbo)} nats, reconstruction accounts for {F(reconstructionDifference)} and KL for {F(klDifference)}.";
    }
}
