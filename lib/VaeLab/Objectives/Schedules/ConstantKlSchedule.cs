namespace VaeLab.Objectives.Schedules;

/// <summary>
/// β_t = β at every step: β = 1 is the plain ELBO (Kingma &amp; Welling 2013), β &gt; 1 the β-VAE (Higgins et al. 2017).
/// Spec: <c>constant:BETA</c>.
/// </summary>
public sealed record ConstantKlSchedule : KlSchedule
{
    internal const string Name = "constant";

    public ConstantKlSchedule(double beta = 1)
    {
        Beta = beta;
        Validate();
    }

    public double Beta { get; }

    public void Validate()
    {
        if (!double.IsFinite(Beta) || Beta < 0)
            throw new ArgumentException($"BETA must be a finite number ≥ 0 (0 switches the KL term off); got {Beta}.");
    }

    protected override double WeightAtValidStep(long step, long totalSteps) => Beta;

    public override string ToString() => $"{Name}:{Format(Beta)}";
}
