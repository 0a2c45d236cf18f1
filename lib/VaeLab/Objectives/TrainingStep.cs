namespace VaeLab.Objectives;

/// <summary>Where a training step is: epoch (1-based), step within the epoch (0-based) and overall, and the run's length.</summary>
public readonly record struct TrainingStep(int Epoch, int Step, long GlobalStep, int StepsPerEpoch, int TotalEpochs)
{
    /// <summary>Fraction of the whole run completed before this step, in [0, 1).</summary>
    public double Progress => (double)GlobalStep / Math.Max(1L, (long)StepsPerEpoch * TotalEpochs);

    /// <summary>Whether this is the last step of its epoch.</summary>
    public bool EndsEpoch => Step == StepsPerEpoch - 1;

    public override string ToString() => $"epoch {Epoch}, step {Step + 1} of {StepsPerEpoch} (global step {GlobalStep + 1})";
}
