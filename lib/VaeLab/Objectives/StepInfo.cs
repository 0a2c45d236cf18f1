namespace VaeLab.Objectives;

/// <summary>Where a training step is: epoch (1-based), step within the epoch (0-based) and overall.</summary>
public readonly record struct StepInfo(int Epoch, int Step, long GlobalStep, int StepsPerEpoch, int TotalEpochs)
{
    /// <summary>Fraction of the whole run completed before this step, in [0, 1).</summary>
    public double Progress => (double)GlobalStep / Math.Max(1L, (long)StepsPerEpoch * TotalEpochs);

    public override string ToString() => $"epoch {Epoch}, step {Step + 1} of {StepsPerEpoch} (global step {GlobalStep + 1})";
}
