using VaeLab.Numerics;

namespace VaeLab.Graphical;

/// <summary>
/// log p(x_{1:T}) of an HMM computed both ways for one length T — the forward algorithm and the brute-force sum over all
/// K^T state paths — with the median time of each (milliseconds).
/// </summary>
public sealed record LikelihoodTiming(int Length, double Paths, double ForwardLogLikelihood, double BruteForceLogLikelihood,
    double ForwardMilliseconds, double BruteForceMilliseconds)
{
    /// <summary>Largest |forward − brute force| accepted: the two compute the same sum.</summary>
    public const double Tolerance = 1e-9;

    public override string ToString() =>
        $"T={Length,2}  paths={Paths,10:N0}  log p(x) forward={ForwardLogLikelihood,10:F6}  brute={BruteForceLogLikelihood,10:F6}  " +
        $"|diff|={Math.Abs(ForwardLogLikelihood - BruteForceLogLikelihood):E1}  time forward={ForwardMilliseconds * 1000,8:F1} µs  brute={BruteForceMilliseconds * 1000,12:F1} µs";

    /// <summary>
    /// Both computations for every prefix x_{1:T}, T = 1 … length of <paramref name="observations"/>, each timed as a median
    /// of repeated runs. Throws if the two log-likelihoods differ by more than <see cref="Tolerance"/> at any length.
    /// </summary>
    public static IReadOnlyList<LikelihoodTiming> Measure(HiddenMarkovModel hmm, IReadOnlyList<int> observations)
    {
        ArgumentNullException.ThrowIfNull(hmm);
        ArgumentNullException.ThrowIfNull(observations);
        var rows = new List<LikelihoodTiming>();
        for (var t = 1; t <= observations.Count; t++)
        {
            var prefix = observations.Take(t).ToArray();
            var (forwardMs, forward) = CostTimer.Median(() => hmm.ForwardLogLikelihood(prefix));
            var (bruteMs, brute) = CostTimer.Median(() => hmm.BruteForceLogLikelihood(prefix), minimumRepeats: 3, minimumTotalMilliseconds: 5);
            if (Math.Abs(forward - brute) > Tolerance)
                throw new InvalidOperationException($"T = {t}: forward {forward} ≠ brute force {brute}.");
            rows.Add(new LikelihoodTiming(t, Math.Pow(hmm.StateCount, t), forward, brute, forwardMs, bruteMs));
        }
        return rows;
    }
}
