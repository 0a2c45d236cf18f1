namespace VaeLab.Objectives.Schedules;

/// <summary>
/// Sigmoid annealing (Bowman et al. 2016, "Generating sentences from a continuous space", the KL weight rises along a
/// sigmoid-shaped curve in the step): β_t = 1 / (1 + exp(−Steepness · (t / totalSteps − Midpoint))). β is ½ at the
/// <see cref="Midpoint"/> share of the run; it approaches but never reaches 0 and 1 (with the 0.5 and 10 of
/// <c>sigmoid:0.5:10</c> it runs from 0.0067 to 0.993). Spec: <c>sigmoid:MIDPOINT:STEEPNESS</c>.
/// </summary>
public sealed record SigmoidKlSchedule : KlSchedule
{
    internal const string Name = "sigmoid";

    public SigmoidKlSchedule(double midpoint = 0.5, double steepness = 10)
    {
        Midpoint = midpoint;
        Steepness = steepness;
        Validate();
    }

    /// <summary>Where in the run, as a share in [0, 1], β passes ½.</summary>
    public double Midpoint { get; }

    /// <summary>The logistic slope per unit of run progress; β's slope at the midpoint is Steepness / 4.</summary>
    public double Steepness { get; }

    public void Validate()
    {
        if (!(Midpoint >= 0 && Midpoint <= 1))
            throw new ArgumentException($"MIDPOINT (the share of the run where β = ½) must be in [0, 1]; got {Midpoint}.");
        if (!(Steepness > 0) || !double.IsFinite(Steepness))
            throw new ArgumentException($"STEEPNESS must be a finite number > 0 (e.g. 10); got {Steepness}.");
    }

    protected override double WeightAtValidStep(long step, long totalSteps) =>
        1.0 / (1.0 + Math.Exp(-Steepness * ((double)step / totalSteps - Midpoint)));

    public override string ToString() => $"{Name}:{Format(Midpoint)}:{Format(Steepness)}";
}
