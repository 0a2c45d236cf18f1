using System.Globalization;

namespace VaeLab.Evaluation;

/// <summary>
/// Whether a cyclical KL schedule's restarts show in the KL measured after every epoch: over an epoch that holds part
/// of a ramp (β below 1 at some step) that follows a whole epoch at β = 1, the KL should rise (z is cheap again); over a
/// whole epoch at β = 1 that follows a ramp epoch, it should fall back. Counts, per seed, the epoch-to-epoch steps of
/// either kind and how many moved the expected way. Epochs that do not alternate like this (cycles that do not line
/// up with the epochs) give nothing to count.
/// </summary>
public static class ScheduleRestarts
{
    /// <summary>One seed's count: <paramref name="Expected"/> of <paramref name="Steps"/> epoch-to-epoch changes went the schedule's way.</summary>
    public sealed record SeedCount(int Seed, int Expected, int Steps);

    /// <param name="klByEpoch">The KL after each epoch.</param>
    /// <param name="rampEpoch">Per epoch, whether β was below 1 at some step of it.</param>
    public static (int Expected, int Steps) Count(IReadOnlyList<double> klByEpoch, IReadOnlyList<bool> rampEpoch)
    {
        ArgumentNullException.ThrowIfNull(klByEpoch);
        ArgumentNullException.ThrowIfNull(rampEpoch);
        if (klByEpoch.Count != rampEpoch.Count)
            throw new ArgumentException($"Give one KL and one ramp flag per epoch (got {klByEpoch.Count} and {rampEpoch.Count}).");
        int expected = 0, steps = 0;
        for (var e = 1; e < klByEpoch.Count; e++)
        {
            if (rampEpoch[e] == rampEpoch[e - 1]) continue;
            steps++;
            // Into a ramp: the KL should rise; into a whole epoch at β = 1: it should fall.
            if (rampEpoch[e] ? klByEpoch[e] > klByEpoch[e - 1] : klByEpoch[e] < klByEpoch[e - 1]) expected++;
        }
        return (expected, steps);
    }

    /// <summary>The counts of every seed and the verdict, in one line.</summary>
    public static string Describe(string method, IReadOnlyList<SeedCount> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var (expected, steps) = (seeds.Sum(s => s.Expected), seeds.Sum(s => s.Steps));
        var perSeed = string.Join(", ", seeds.Select(s => string.Create(CultureInfo.InvariantCulture, $"seed {s.Seed}: {s.Expected}/{s.Steps}")));
        var head = $"{method} restarts (KL rises over an epoch holding a ramp after a whole epoch at β = 1, falls over a whole epoch at β = 1 after a ramp): ";
        if (steps == 0)
            return head + "no epoch alternates between the two here (the cycles do not line up with the epochs): not measured.";
        return head + $"{expected} of {steps} epoch-to-epoch changes went that way ({perSeed}): " +
               (expected == steps ? "the rise and fall shows on every seed." : "the pattern does not show in every change; compare the KLs above.");
    }
}
