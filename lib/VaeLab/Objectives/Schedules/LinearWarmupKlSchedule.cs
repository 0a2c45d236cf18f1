namespace VaeLab.Objectives.Schedules;

/// <summary>
/// Linear warm-up (Sønderby et al. 2016, "Ladder variational autoencoders"): β rises linearly from 0 at the first
/// step to 1 after the first <see cref="Fraction"/> of the run, then stays 1:
/// β_t = min(1, t / (Fraction · totalSteps)). Spec: <c>linear:FRACTION</c>.
/// </summary>
public sealed record LinearWarmupKlSchedule : KlSchedule
{
    internal const string Name = "linear";

    public LinearWarmupKlSchedule(double fraction = 0.5)
    {
        Fraction = fraction;
        Validate();
    }

    /// <summary>The share of the run, in (0, 1], spent rising from 0 to 1.</summary>
    public double Fraction { get; }

    public void Validate()
    {
        if (!(Fraction > 0 && Fraction <= 1))
            throw new ArgumentException($"FRACTION (the share of the run spent warming up) must be in (0, 1]; got {Fraction}.");
    }

    protected override double WeightAtValidStep(long step, long totalSteps) => Math.Min(1.0, step / (Fraction * totalSteps));

    public override string ToString() => $"{Name}:{Format(Fraction)}";
}
