using System.Text.Json.Serialization;

namespace VaeLab.Training;

/// <summary>
/// How the learning rate changes over a run: a factor that multiplies every parameter group's own rate, read from the
/// global step. A schedule is a pure function of (step, total steps) rather than a stateful scheduler object, so a run
/// resumed from a checkpoint applies exactly the rates an uninterrupted run would. Null in <see cref="TrainingConfig"/>
/// keeps the configured rate constant. Stored in checkpoints with the config, hence the JSON type names.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CosineDecay), "cosine")]
public abstract record LearningRateSchedule
{
    /// <summary>Cosine decay from the configured rate to <paramref name="finalFraction"/> of it (torch's CosineAnnealingLR over the whole run).</summary>
    public static LearningRateSchedule Cosine(double finalFraction = 0) => new CosineDecay(finalFraction);

    /// <summary>The factor for the step with 0-based global index <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public abstract double Factor(long step, long totalSteps);

    /// <summary>Throws a one-line <see cref="ArgumentException"/> for settings that cannot run.</summary>
    public abstract void Validate();

    public abstract override string ToString();
}

/// <summary>
/// The closed form of torch's <c>CosineAnnealingLR</c> with <c>T_max</c> = the run's steps and
/// η_min = <paramref name="FinalFraction"/> · η₀ (Loshchilov &amp; Hutter 2017, SGDR, without restarts):
/// η_t = η_min + (η₀ − η_min)(1 + cos(π t / T)) / 2. The first step uses η₀; the rate then falls smoothly and the last
/// step uses a rate just above η_min.
/// </summary>
public sealed record CosineDecay(double FinalFraction = 0) : LearningRateSchedule
{
    public override double Factor(long step, long totalSteps)
    {
        if (totalSteps < 1) throw new ArgumentException($"A schedule needs at least one step; got {totalSteps}.");
        if (step < 0 || step >= totalSteps) throw new ArgumentException($"Step {step} lies outside the run's {totalSteps} steps (0 … {totalSteps - 1}).");
        return FinalFraction + (1 - FinalFraction) * (1 + Math.Cos(Math.PI * step / totalSteps)) / 2;
    }

    public override void Validate()
    {
        if (!(FinalFraction >= 0 && FinalFraction <= 1))
            throw new ArgumentException($"The cosine decay's final fraction of the learning rate must lie in [0, 1]; got {FinalFraction}.");
    }

    public override string ToString() => $"cosine decay to {FinalFraction:0.###} of the rate";
}
