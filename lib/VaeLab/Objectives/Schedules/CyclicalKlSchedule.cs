namespace VaeLab.Objectives.Schedules;

/// <summary>
/// Cyclical annealing (Fu et al. 2019, "Cyclical annealing schedule: a simple approach to mitigating KL vanishing"):
/// the run is cut into <see cref="Cycles"/> = M equal cycles; inside each, with τ ∈ [0, 1) the position in the cycle,
/// β = τ / R while τ &lt; R and β = 1 after. Each restart from β = 0 lets the decoder re-learn to use z, warm-started from the previous
/// cycle's encoder. The paper's defaults are M = 4, R = 0.5. The cycle length is T / M steps, not rounded, as in the
/// authors' code (haofuml/cyclical_annealing). Spec: <c>cyclical:CYCLES:RAMP</c>.
/// </summary>
public sealed record CyclicalKlSchedule : KlSchedule
{
    internal const string Name = "cyclical";

    public CyclicalKlSchedule(int cycles = 4, double rampFraction = 0.5)
    {
        Cycles = cycles;
        RampFraction = rampFraction;
        Validate();
    }

    /// <summary>M: how many times β restarts from 0.</summary>
    public int Cycles { get; }

    /// <summary>R: the share of each cycle, in (0, 1], spent rising from 0 to 1.</summary>
    public double RampFraction { get; }

    public void Validate()
    {
        if (Cycles < 1)
            throw new ArgumentException($"CYCLES (M, the number of cycles) must be at least 1; got {Cycles}.");
        if (!(RampFraction > 0 && RampFraction <= 1))
            throw new ArgumentException($"RAMP (R, the share of each cycle spent rising) must be in (0, 1]; got {RampFraction}.");
    }

    protected override double WeightAtValidStep(long step, long totalSteps)
    {
        // τ = frac(t · M / T) computed in integers, so cycle boundaries fall exactly on the steps where it wraps to 0.
        var positionInCycle = (double)(step * Cycles % totalSteps) / totalSteps;
        return Math.Min(1.0, positionInCycle / RampFraction);
    }

    public override string ToString() => $"{Name}:{Cycles}:{Format(RampFraction)}";
}
