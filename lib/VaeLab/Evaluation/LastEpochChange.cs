namespace VaeLab.Evaluation;

/// <summary>
/// How much one method's models still changed in their last epoch of training, seed by seed: the fall of the test
/// −ELBO from the next-to-last to the last epoch (positive: still improving), and whether the method's KL weight was
/// constant through that whole epoch. When a schedule changed the weight during the last epoch (the end of a ramp),
/// the −ELBO moved because the objective moved, not only because training went on: that change says nothing about
/// how far the model still is from where training at the final objective would take it.
/// </summary>
public sealed record LastEpochChange(string Method, IReadOnlyList<double> FallPerSeed, bool WeightConstant)
{
    /// <summary>The largest change of any one seed's model (either sign), in nats.</summary>
    public double Largest => FallPerSeed.Count == 0 ? double.PositiveInfinity : FallPerSeed.Max(Math.Abs);

    public double Mean => FallPerSeed.Count == 0 ? double.NaN : FallPerSeed.Average();
}

/// <summary>What <see cref="MovementRule.Judge"/> says about a paired difference in nats between two methods.</summary>
public enum MovementVerdict
{
    /// <summary>The seeds settle it and it is larger than any one model of either method still moved in its last epoch.</summary>
    Settled,
    /// <summary>The seeds do not settle it (<see cref="PairedDifference.Settled"/>).</summary>
    NotSettledBySeeds,
    /// <summary>The seeds agree, but some model of one of the two methods still moved by more in its last epoch.</summary>
    WithinMovement,
    /// <summary>The seeds agree, but one method's KL weight changed during its last epoch: its models were still following
    /// their schedule, so how much they would still move at the final objective is not measured.</summary>
    ScheduleStillChanging,
}

/// <summary>
/// Notebook 06's rule for differences of likelihood measures (nats) between models that are still training. A paired
/// difference settled by the seeds counts only when it is larger than the largest last-epoch change of any one seed's
/// model of either method: the verdict needs every seed to agree in sign, and a seed whose model still moved by more
/// than the difference in one epoch could reverse its own sign with one more. A method whose KL weight changed during
/// its last epoch has no such measurement (its change mixes the schedule with training), so its differences are not
/// settled by this rule, whatever their size.
/// </summary>
public static class MovementRule
{
    /// <summary>The largest last-epoch change of any seed's model of either method, in nats.</summary>
    public static double Movement(LastEpochChange a, LastEpochChange b) => Math.Max(a.Largest, b.Largest);

    public static MovementVerdict Judge(PairedDifference difference, LastEpochChange a, LastEpochChange b)
    {
        ArgumentNullException.ThrowIfNull(difference);
        // No change measured (a single epoch) is an unbounded movement: nothing in nats is settled then.
        if (new[] { a, b }.Any(c => c.FallPerSeed.Count != 0 && c.FallPerSeed.Count != difference.Differences.Count))
            throw new ArgumentException($"The last-epoch changes ({a.FallPerSeed.Count} and {b.FallPerSeed.Count} seeds) must be of the difference's {difference.Differences.Count} seeds.");
        if (!difference.Settled) return MovementVerdict.NotSettledBySeeds;
        if (!a.WeightConstant || !b.WeightConstant) return MovementVerdict.ScheduleStillChanging;
        return Math.Abs(difference.Mean) > Movement(a, b) ? MovementVerdict.Settled : MovementVerdict.WithinMovement;
    }

    /// <summary>Why a difference the seeds agree on is not settled, in words (null when it is settled or the seeds disagree).</summary>
    public static string? Reason(MovementVerdict verdict, LastEpochChange a, LastEpochChange b) => verdict switch
    {
        MovementVerdict.WithinMovement => $"the seeds agree, but one model still moved by up to {Movement(a, b):F3} nats in its last epoch",
        MovementVerdict.ScheduleStillChanging => $"the seeds agree, but {string.Join(" and ", new[] { a, b }.Where(c => !c.WeightConstant).Select(c => c.Method))}'s KL weight still changed during the last epoch",
        _ => null,
    };
}
