using System.Globalization;

namespace VaeLab.Objectives.Schedules;

/// <summary>
/// The weight β_t put on the KL term of the ELBO at training step t: loss_t = reconstruction + β_t · KL. Annealing β
/// from 0 lets the decoder learn to use z before the KL term can switch it off (posterior collapse). Immutable; every
/// schedule prints as the spec <see cref="Parse"/> reads back (<c>constant:4</c>, <c>linear:0.5</c>,
/// <c>sigmoid:0.5:10</c>, <c>cyclical:4:0.5</c>).
/// </summary>
public abstract record KlSchedule
{
    /// <summary>The spec forms <see cref="Parse"/> accepts, as quoted in its error messages.</summary>
    public const string AcceptedForms =
        "constant:BETA (e.g. constant:4), linear:FRACTION (linear:0.5), sigmoid:MIDPOINT:STEEPNESS (sigmoid:0.5:10), cyclical:CYCLES:RAMP (cyclical:4:0.5)";

    /// <summary>
    /// The KL weight at the 0-based <paramref name="step"/> of a run of <paramref name="totalSteps"/> optimiser steps
    /// (0 ≤ step &lt; totalSteps).
    /// </summary>
    public double WeightAt(long step, long totalSteps)
    {
        if (totalSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "A run needs at least one step.");
        if (step < 0 || step >= totalSteps)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"The step must be in [0, {totalSteps}) for a run of {totalSteps} steps.");
        return WeightAtValidStep(step, totalSteps);
    }

    /// <summary>The weight at every step of a run: the curve to plot.</summary>
    public double[] Weights(int totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        var weights = new double[totalSteps];
        for (var step = 0; step < totalSteps; step++) weights[step] = WeightAtValidStep(step, totalSteps);
        return weights;
    }

    /// <summary>The spec this schedule was (or could have been) parsed from.</summary>
    public abstract override string ToString();

    /// <summary>Called with 0 ≤ step &lt; totalSteps only.</summary>
    protected abstract double WeightAtValidStep(long step, long totalSteps);

    /// <summary>
    /// Reads a command-line spec: <c>constant:BETA</c>, <c>linear:FRACTION</c>, <c>sigmoid:MIDPOINT:STEEPNESS</c> or
    /// <c>cyclical:CYCLES:RAMP</c> (names case-insensitive, numbers in invariant culture). Throws an
    /// <see cref="ArgumentException"/> saying what was wrong and listing the accepted forms.
    /// </summary>
    public static KlSchedule Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new ArgumentException($"The KL schedule spec is empty; accepted forms: {AcceptedForms}.");
        var fields = spec.Trim().Split(':');
        var name = fields[0].Trim().ToLowerInvariant();
        var expectedFields = name switch
        {
            ConstantKlSchedule.Name => 1,
            LinearWarmupKlSchedule.Name => 1,
            SigmoidKlSchedule.Name => 2,
            CyclicalKlSchedule.Name => 2,
            _ => throw new ArgumentException($"Unknown KL schedule '{fields[0].Trim()}' in '{spec}'; accepted forms: {AcceptedForms}."),
        };
        if (fields.Length - 1 != expectedFields)
            throw new ArgumentException(
                $"The KL schedule '{spec}' has {fields.Length - 1} number(s) after '{name}', but {name} takes {expectedFields}; accepted forms: {AcceptedForms}.");
        try
        {
            return name switch
            {
                ConstantKlSchedule.Name => new ConstantKlSchedule(Number(fields[1], "BETA", spec)),
                LinearWarmupKlSchedule.Name => new LinearWarmupKlSchedule(Number(fields[1], "FRACTION", spec)),
                SigmoidKlSchedule.Name => new SigmoidKlSchedule(Number(fields[1], "MIDPOINT", spec), Number(fields[2], "STEEPNESS", spec)),
                _ => new CyclicalKlSchedule(WholeNumber(fields[1], "CYCLES", spec), Number(fields[2], "RAMP", spec)),
            };
        }
        catch (ArgumentException e) when (!e.Message.Contains("accepted forms", StringComparison.Ordinal))
        {
            // A value the schedule's own Validate rejected: keep its reason, add the spec and the accepted forms.
            throw new ArgumentException($"Bad KL schedule '{spec}': {e.Message} Accepted forms: {AcceptedForms}.");
        }
    }

    /// <summary>A number in the shortest form that reads back to the same double.</summary>
    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Number(string field, string what, string spec)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new ArgumentException($"{what} in the KL schedule '{spec}' is '{field}', not a finite number; accepted forms: {AcceptedForms}.");
        return value;
    }

    private static int WholeNumber(string field, string what, string spec)
    {
        if (!int.TryParse(field.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new ArgumentException($"{what} in the KL schedule '{spec}' is '{field}', not a whole number; accepted forms: {AcceptedForms}.");
        return value;
    }
}
