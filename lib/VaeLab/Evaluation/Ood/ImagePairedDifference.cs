namespace VaeLab.Evaluation.Ood;

/// <summary>
/// Two OOD scores compared on the same seeds AND the same test images: the per-seed AUROC differences
/// (<see cref="PairedDifference"/>, the series' seed rule) and the interval of their mean over resampled test images
/// (<see cref="AurocBootstrap"/>). The seeds vary training, perturbation and importance samples but not the images, so a
/// difference is <see cref="Settled"/> only when both hold: the seeds settle it, and the image interval lies on the same
/// side of zero as the mean. Otherwise it is not settled, and <see cref="Reason"/> says which test failed.
/// </summary>
public sealed record ImagePairedDifference(PairedDifference Seeds, BootstrapInterval Images)
{
    public string A => Seeds.A;

    public string B => Seeds.B;

    public double Mean => Seeds.Mean;

    public bool Settled => Seeds.Settled && (Seeds.Mean > 0 ? Images.Low > 0 : Images.High < 0);

    /// <summary>"above", "below" or "not settled".</summary>
    public string Verdict => !Settled ? "not settled" : Mean > 0 ? "above" : "below";

    /// <summary>Why a difference is not settled ("" when it is).</summary>
    public string Reason =>
        Settled ? ""
        : Seeds.Differences.Count < 3 ? $"{Seeds.Differences.Count} seed{(Seeds.Differences.Count == 1 ? "" : "s")}; a verdict needs at least 3"
        : !Seeds.Settled && !Images.ExcludesZero ? "neither the seeds nor the test images settle it"
        : !Seeds.Settled ? "the seeds do not settle it"
        : "the seeds agree, but the interval over resampled test images includes 0";

    /// <summary>"A − B: +0.012 ± 0.003 (higher on 3 of 3 seeds); over resampled test images 95 % interval [+0.004, +0.020] → A above B".</summary>
    public override string ToString() =>
        $"{A} − {B}: {Mean:+0.000;-0.000;0.000} ± {Seeds.StandardDeviation:F3} (higher on {Seeds.AHigher} of {Seeds.Differences.Count} seeds); " +
        $"over resampled test images {Images} → {(Settled ? $"{A} {Verdict} {B}" : $"not settled ({Reason})")}";
}
