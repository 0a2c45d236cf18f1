using System.Globalization;

namespace VaeLab.Evaluation;

/// <summary>
/// One seed of notebook 06's decoder-alone control, epoch by epoch on the test set: the VAE's −ELBO (an upper bound on
/// its −log p(x)) and the exact −log p(x) of the same decoder trained without z. Both trained from the same seed (same
/// initial weights, same data order). <see cref="Gap"/> = alone − VAE: positive when z saves the decoder more
/// reconstruction than its KL costs.
/// </summary>
public sealed record DecoderAloneSeed
{
    public DecoderAloneSeed(int seed, IReadOnlyList<double> vaeNegativeElbo, IReadOnlyList<double> aloneNll)
    {
        ArgumentNullException.ThrowIfNull(vaeNegativeElbo);
        ArgumentNullException.ThrowIfNull(aloneNll);
        if (vaeNegativeElbo.Count == 0 || vaeNegativeElbo.Count != aloneNll.Count)
            throw new ArgumentException($"Give both models' test values after the same epochs (got {vaeNegativeElbo.Count} and {aloneNll.Count}, at least 1).");
        (Seed, VaeNegativeElbo, AloneNll) = (seed, vaeNegativeElbo, aloneNll);
    }

    public int Seed { get; }
    public IReadOnlyList<double> VaeNegativeElbo { get; }
    public IReadOnlyList<double> AloneNll { get; }

    /// <summary>Alone − VAE after every epoch (nats).</summary>
    public IReadOnlyList<double> Gap => AloneNll.Zip(VaeNegativeElbo, (a, v) => a - v).ToArray();

    /// <summary>How much the gap's size changed in the last epoch (|last| − |next-to-last|; negative: the two models came
    /// closer); null after one epoch.</summary>
    public double? GapChange => Gap.Count < 2 ? null : Math.Abs(Gap[^1]) - Math.Abs(Gap[^2]);
}

/// <summary>What <see cref="DecoderAloneControl.Verdict"/> says.</summary>
public enum DecoderAloneVerdict
{
    /// <summary>Settled: the VAE's −ELBO lies below the decoder-alone −log p(x), so z pays for its KL at this training length.</summary>
    ZPaysForItsKl,
    /// <summary>Settled: the decoder alone does better than the VAE's bound.</summary>
    AloneDoesBetter,
    NotSettled,
}

/// <summary>How the gap's size changed in the last epoch across the seeds.</summary>
public enum GapTrend { NotMeasured, ShrinkingEverySeed, GrowingEverySeed, Mixed }

/// <summary>
/// Notebook 06's decoder-alone control over several seeds, judged by section 7's rule for differences in nats
/// (<see cref="PairedDifference"/> then <see cref="MovementRule"/>): the paired gaps must agree in sign on at least three
/// seeds, with a mean larger than their spread, and be larger than the last-epoch change of any one seed's model of
/// either kind. <see cref="Trend"/> says whether the gap was still shrinking or growing when training stopped.
/// </summary>
public sealed class DecoderAloneControl
{
    /// <param name="decimals">Decimals of the nats the lines print (1 for gaps of nats per image; more for smaller gaps).</param>
    public DecoderAloneControl(IReadOnlyList<DecoderAloneSeed> seeds, int decimals = 1)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (decimals is < 0 or > 6) throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Print 0 to 6 decimals.");
        if (seeds.Count == 0) throw new ArgumentException("Give at least one seed of the control.");
        if (seeds.Select(s => s.Gap.Count).Distinct().Count() != 1)
            throw new ArgumentException("Every seed must have been trained for the same number of epochs.");
        Seeds = seeds;
        fixedFormat = $"F{decimals}";
        signedFormat = decimals == 0 ? "+0;-0;0" : $"+0.{new string('0', decimals)};-0.{new string('0', decimals)};0.{new string('0', decimals)}";
        finerFormat = $"F{decimals + 1}";
        signedFinerFormat = $"+0.{new string('0', decimals + 1)};-0.{new string('0', decimals + 1)};0.{new string('0', decimals + 1)}";
    }

    private readonly string fixedFormat, signedFormat, finerFormat, signedFinerFormat;

    public IReadOnlyList<DecoderAloneSeed> Seeds { get; }

    /// <summary>Per seed, decoder-alone −log p(x) − VAE −ELBO after the last epoch.</summary>
    public PairedDifference Difference => new("decoder alone", "VAE", Seeds.Select(s => s.Gap[^1]).ToArray());

    public LastEpochChange VaeChange => Change("VAE", s => s.VaeNegativeElbo);

    public LastEpochChange AloneChange => Change("decoder alone", s => s.AloneNll);

    private LastEpochChange Change(string name, Func<DecoderAloneSeed, IReadOnlyList<double>> values) =>
        new(name, Seeds[0].Gap.Count < 2 ? [] : Seeds.Select(s => values(s)[^2] - values(s)[^1]).ToArray(), WeightConstant: true);

    public MovementVerdict Movement => MovementRule.Judge(Difference, VaeChange, AloneChange);

    /// <summary>Whether the gap on every seed (not only the mean gap) is larger than any model's last-epoch change: the
    /// settled sentence says "on every seed, by more than any model still moved", so the verdict asks exactly that.</summary>
    public bool EverySeedBeyondMovement
    {
        get
        {
            var movement = MovementRule.Movement(VaeChange, AloneChange);
            return Seeds.All(s => Math.Abs(s.Gap[^1]) > movement);
        }
    }

    public DecoderAloneVerdict Verdict => Movement != MovementVerdict.Settled || !EverySeedBeyondMovement ? DecoderAloneVerdict.NotSettled
        : Difference.Mean > 0 ? DecoderAloneVerdict.ZPaysForItsKl : DecoderAloneVerdict.AloneDoesBetter;

    public GapTrend Trend
    {
        get
        {
            var changes = Seeds.Select(s => s.GapChange).ToArray();
            if (changes.Any(c => c is null)) return GapTrend.NotMeasured;
            return changes.All(c => c < 0) ? GapTrend.ShrinkingEverySeed : changes.All(c => c > 0) ? GapTrend.GrowingEverySeed : GapTrend.Mixed;
        }
    }

    /// <summary>Per-seed values, paired gaps and the verdict, in one sentence.</summary>
    public string VerdictLine()
    {
        var perSeed = string.Join("; ", Seeds.Select(s =>
            $"seed {s.Seed}: alone {F(s.AloneNll[^1], fixedFormat)} vs VAE {F(s.VaeNegativeElbo[^1], fixedFormat)}, gap {F(s.Gap[^1], signedFormat)}"));
        var d = Difference;
        var head = $"Decoder-alone exact test −log p(x) vs the VAE's test −ELBO, per seed ({perSeed}); mean gap {F(d.Mean, signedFormat)} ± {F(d.StandardDeviation, fixedFormat)} nats, "
                 + $"largest last-epoch change of any model {F(MovementRule.Movement(VaeChange, AloneChange), fixedFormat)} nats: ";
        return head + (Verdict switch
        {
            DecoderAloneVerdict.ZPaysForItsKl => "the VAE's bound is below the decoder alone on every seed, by more than any model still moved (settled): at this training length z saves this decoder more reconstruction than its KL costs, and the ELBO has a reason to keep z.",
            DecoderAloneVerdict.AloneDoesBetter => "the decoder alone is below the VAE's bound on every seed, by more than any model still moved (settled): at this training length z does not pay for its KL.",
            _ => Movement switch
            {
                MovementVerdict.Settled => "not settled (the seeds agree in sign and the mean gap is larger than any model's last-epoch change, but the gap on some seed is not).",
                MovementVerdict.NotSettledBySeeds => d.Differences.Count < 3
                    ? $"not settled ({d.Differences.Count} seed{(d.Differences.Count == 1 ? "" : "s")}; a verdict needs at least 3)."
                    : "not settled (the seeds disagree in sign, or the spread of the gaps is as large as their mean).",
                _ => "not settled (the seeds agree in sign, but some model still moved by more in its last epoch than the mean gap).",
            },
        });
    }

    /// <summary>The gap after each of the last <paramref name="lastEpochs"/> epochs per seed, and its trend in words.</summary>
    public string TrendLine(int lastEpochs = 4)
    {
        if (lastEpochs < 2) throw new ArgumentOutOfRangeException(nameof(lastEpochs), lastEpochs, "Show at least 2 epochs to show a trend.");
        var epochs = Seeds[0].Gap.Count;
        var first = Math.Max(0, epochs - lastEpochs);
        var series = string.Join(" │ ", Seeds.Select(s => $"seed {s.Seed}: " + string.Join(" → ", s.Gap.Skip(first).Select(g => F(g, fixedFormat)))));
        var changes = Seeds.Select(s => s.GapChange ?? double.NaN).ToArray();
        string Range(IEnumerable<double> v) { var a = v.Select(Math.Abs).ToArray(); return $"{F(a.Min(), finerFormat)}–{F(a.Max(), finerFormat)}"; }
        var words = Trend switch
        {
            GapTrend.ShrinkingEverySeed => $"the gap was still shrinking at every seed when training stopped (by {Range(changes)} nats in the last epoch): the control measures what z is worth at this training length, not whether the decoder would still need z once both models converge.",
            GapTrend.GrowingEverySeed => $"the gap was still growing at every seed when training stopped (by {Range(changes)} nats in the last epoch).",
            GapTrend.Mixed => $"the gap's size shrank at some seeds and grew at others in the last epoch (changes {string.Join(", ", changes.Select(c => F(c, signedFinerFormat)))} nats): no common trend.",
            _ => "one epoch only: no trend measured.",
        };
        return $"Gap (decoder alone − VAE −ELBO, nats) after epochs {first + 1}–{epochs}: {series}. Trend: {words}";
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
