namespace VaeLab.Objectives.Schedules;

/// <summary>
/// Connects a <see cref="KlSchedule"/> (a weight per step of a run of known length) to
/// <see cref="Objective.KlWeight"/> (a weight per <see cref="TrainingStep"/>): step t of T = StepsPerEpoch · TotalEpochs.
/// </summary>
public static class KlScheduleWeight
{
    /// <summary>
    /// The schedule as an objective's KL weight: <c>new Objective { KlWeight = schedule.ToKlWeight() }</c>. The run's
    /// length is read from each step, so the same schedule fits any number of epochs and batch size.
    /// </summary>
    public static Func<TrainingStep, double> ToKlWeight(this KlSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return step => schedule.WeightAt(step.GlobalStep, Math.Max(1L, (long)step.StepsPerEpoch * step.TotalEpochs));
    }

    /// <summary>An objective that weights the KL by <paramref name="schedule"/> and, when given, clamps each dimension's
    /// batch-averaged KL at <paramref name="freeBits"/> nats (Kingma et al. 2016).</summary>
    public static Objective Annealed(KlSchedule schedule, double? freeBits = null) =>
        new() { KlWeight = schedule.ToKlWeight(), FreeBits = freeBits };
}
