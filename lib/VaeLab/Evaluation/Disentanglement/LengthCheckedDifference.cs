namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// A paired difference at the end of training together with the same difference measured halfway through (notebook 05's
/// check of the training length). A settled end verdict is taken only when the halfway verdict is the same word; one whose
/// halfway word differs may depend on how long the models trained, or sit near the rule's threshold at one of the two
/// points (the check cannot tell these apart), and is not taken. Without a halfway checkpoint (a one-epoch run) nothing
/// confirms it at a second length, so a settled end verdict is not taken either. The check scores the same models twice:
/// it can only withhold a verdict, never confirm one independently.
/// </summary>
public sealed record LengthCheckedDifference(PairedDifference End, PairedDifference? Halfway)
{
    /// <summary>There is a halfway difference and its verdict is the end's ("A above B", "A below B" or "not settled").</summary>
    public bool SameHalfway => Halfway is not null && Halfway.Verdict == End.Verdict;

    /// <summary>Settled at the end and the same verdict halfway: the word section 9 may print as a direction.</summary>
    public bool Settled => End.Settled && SameHalfway;

    /// <summary>Settled at the end, but halfway the verdict was different (or there was no halfway checkpoint): not taken.</summary>
    public bool DependsOnLength => End.Settled && !SameHalfway;
}
