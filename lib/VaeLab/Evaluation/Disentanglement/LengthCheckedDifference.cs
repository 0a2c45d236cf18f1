namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// A paired difference at the end of training together with the same difference measured halfway through (notebook 05's
/// check of the training length). The end verdict holds at this training length only when the halfway verdict is the same
/// word; a settled end verdict whose halfway word differs depends on how long the models trained, and a longer run could
/// change it again. Without a halfway checkpoint (a one-epoch run) nothing shows that it does not, so a settled end
/// verdict is not taken either.
/// </summary>
public sealed record LengthCheckedDifference(PairedDifference End, PairedDifference? Halfway)
{
    /// <summary>There is a halfway difference and its verdict is the end's ("A above B", "A below B" or "not settled").</summary>
    public bool SameHalfway => Halfway is not null && Halfway.Verdict == End.Verdict;

    /// <summary>Settled at the end and the same verdict halfway: the word section 9 may print as a direction.</summary>
    public bool Settled => End.Settled && SameHalfway;

    /// <summary>Settled at the end, but halfway the verdict was different (or there was no halfway checkpoint).</summary>
    public bool DependsOnLength => End.Settled && !SameHalfway;
}
