namespace VaeLab.Evaluation;

/// <summary>Whether a method reached a target on its seeds (<see cref="SeedAim.Judge"/>).</summary>
public enum AimOutcome { Reached, NotReached, NotSettled }

/// <summary>
/// The verdict of <see cref="SeedAim.Judge"/> with what it rests on: the seeds' mean, the upper end of its 95 %
/// confidence interval, and the seeds below the target minus the margin (which alone do not make "not reached").
/// </summary>
public sealed record AimJudgement(AimOutcome Outcome, double Mean, double UpperBound, IReadOnlyList<double> BelowMargin);

/// <summary>
/// An aim of the form "at least <c>target</c> on every seed", judged so that a verdict does not hang on one replica:
/// <b>reached</b> when every seed lies above target + margin (the margin covers the measurement noise of one seed's
/// value); <b>not reached</b> when the method as a whole falls short — the upper end of the 95 % Student-t confidence
/// interval of the seeds' mean lies below the target; otherwise <b>not settled</b> (some seeds reach the target and
/// others do not, or lie within the margin). One seed below the target is not enough for "not reached": with other seeds
/// the method's typical replica may well reach it, and a word that another set of seeds cannot confirm is not a verdict.
/// </summary>
public static class SeedAim
{
    public static AimJudgement Judge(IReadOnlyList<double> perSeed, double target, double margin)
    {
        ArgumentNullException.ThrowIfNull(perSeed);
        if (perSeed.Count == 0 || perSeed.Any(v => !double.IsFinite(v))) throw new ArgumentException("Give one finite value per seed.");
        if (!(margin >= 0)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be 0 or more.");
        var spread = Numerics.SeedSpread.Of(perSeed);
        var upper = perSeed.Count < 2 ? double.PositiveInfinity
            : spread.Mean + StudentT975(perSeed.Count - 1) * spread.StandardDeviation / Math.Sqrt(perSeed.Count);
        var below = perSeed.Where(v => v < target - margin).ToList();
        var outcome = perSeed.All(v => v >= target + margin) ? AimOutcome.Reached
                    : upper < target ? AimOutcome.NotReached
                    : AimOutcome.NotSettled;
        return new AimJudgement(outcome, spread.Mean, upper, below);
    }

    /// <summary>The 97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom (two-sided 95 %).</summary>
    public static double StudentT975(int df)
    {
        if (df < 1) throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be at least 1.");
        double[] table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                          2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                          2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];
        return df <= table.Length ? table[df - 1] : 1.96 + 2.4 / df;   // beyond 30: within 0.002 of the exact value
    }
}
