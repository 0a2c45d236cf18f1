namespace VaeLab.Evaluation;

/// <summary>What <see cref="TrainingLengthReading.Outcome"/> says about one method's models at the end of training.</summary>
public enum TrainingLengthOutcome
{
    /// <summary>Every seed's −ELBO lies within the tolerance of the exact floor: no amount of training can lower it by more.</summary>
    AtFloor,
    /// <summary>Its KL weight changed during the last epoch: the change mixes the schedule with training.</summary>
    ScheduleStillChanging,
    /// <summary>Only one epoch: no change measured.</summary>
    NotMeasured,
    /// <summary>Above the floor, after a decayed learning rate: the last epoch's steps were small because the rate was, so
    /// its change, small or large, does not show whether the models converged (one outcome, not two words that would turn
    /// on a threshold); the distance to the floor is what training could still gain at most.</summary>
    AboveFloorAtDecayedRate,
    /// <summary>At a rate that was not decayed, the −ELBO still fell by more than the level threshold (or 5 % of its gap) in the last epoch.</summary>
    StillImproving,
    /// <summary>It changed little in the last epoch at a rate that was not decayed: levelled off (above the floor).</summary>
    LevelledOff,
}

/// <summary>
/// Notebook 06's reading of "was training long enough?" for one method. The exact floor −log p(x) is the absolute control:
/// no model's test −ELBO lies below it, so a model <c>g</c> nats above the floor can improve by at most <c>g</c> however
/// long it trains. A model within <paramref name="GapPerSeed"/> ≤ tolerance of it is converged in that sense. Above the
/// floor, the last epoch's change is read only at an undecayed rate ("still improving" or "levelled off"): under a decayed
/// learning rate the steps are small because the rate is, so the change says nothing about convergence and the reading
/// is just "above the floor".
/// </summary>
/// <param name="Change">The last epoch's fall of the test −ELBO per seed, and whether the KL weight was constant in it.</param>
/// <param name="GapPerSeed">Each seed's final test −ELBO minus the exact floor, nats.</param>
/// <param name="FinalRate">The learning rate of the last step.</param>
/// <param name="PeakRate">The configured (largest) learning rate.</param>
public sealed record TrainingLengthReading(LastEpochChange Change, IReadOnlyList<double> GapPerSeed, double FinalRate, double PeakRate)
{
    /// <summary>At an undecayed rate, a last-epoch fall below this (nats, mean over the seeds) and below 5 % of the gap counts as small.</summary>
    public const double LevelThreshold = 0.05;

    /// <summary>A final rate below this share of the peak counts as decayed.</summary>
    public const double DecayedShare = 0.5;

    public string Method => Change.Method;

    public double LargestGap => GapPerSeed.Max();

    public TrainingLengthOutcome Outcome(double floorTolerance)
    {
        if (GapPerSeed.Count == 0) throw new ArgumentException($"{Method}: give each seed's gap to the floor.");
        if (!(floorTolerance > 0)) throw new ArgumentException($"The floor tolerance must be positive; got {floorTolerance}.");
        if (!(FinalRate > 0 && PeakRate >= FinalRate)) throw new ArgumentException($"The rates must satisfy 0 < final ≤ peak; got final {FinalRate}, peak {PeakRate}.");
        if (LargestGap <= floorTolerance) return TrainingLengthOutcome.AtFloor;
        if (!Change.WeightConstant) return TrainingLengthOutcome.ScheduleStillChanging;
        if (Change.FallPerSeed.Count == 0) return TrainingLengthOutcome.NotMeasured;
        if (FinalRate < DecayedShare * PeakRate) return TrainingLengthOutcome.AboveFloorAtDecayedRate;
        if (Change.Mean > LevelThreshold || Change.Mean > 0.05 * GapPerSeed.Average()) return TrainingLengthOutcome.StillImproving;
        return TrainingLengthOutcome.LevelledOff;
    }

    /// <summary>One line for the method: its distance to the floor, the last epoch's change and the rate it was made at, and the reading.</summary>
    public string Line(double floorTolerance)
    {
        var outcome = Outcome(floorTolerance);
        var gap = $"{GapPerSeed.Min():F2}–{LargestGap:F2} nats above the floor";
        var change = Change.FallPerSeed.Count == 0 ? "no last-epoch change measured"
            : $"last-epoch fall {Change.Mean:F3} nats (mean over the seeds; the largest change of one seed's model, either way: {Change.Largest:F3}) at a final rate of {FinalRate:0.###e0} ({FinalRate / PeakRate:P0} of the peak)";
        return outcome switch
        {
            TrainingLengthOutcome.AtFloor => $"{gap}; {change} → within {floorTolerance:F2} nats of the floor on every seed: however long it trained, its −ELBO could not fall by more than {LargestGap:F2} nats.",
            TrainingLengthOutcome.ScheduleStillChanging => $"{gap}; {change} → its KL weight still changed during the last epoch: this change mixes the schedule with training.",
            TrainingLengthOutcome.NotMeasured => $"{gap}; {change} → one epoch: whether it still improves is not measured.",
            TrainingLengthOutcome.AboveFloorAtDecayedRate => $"{gap}; {change} → above the floor; at a decayed rate the last change, small or large, does not show convergence: it may still gain up to {LargestGap:F2} nats.",
            TrainingLengthOutcome.StillImproving => $"{gap}; {change} → still improving.",
            _ => $"{gap}; {change} → levelled off at an undecayed rate, {LargestGap:F2} nats above the floor at most.",
        };
    }
}
