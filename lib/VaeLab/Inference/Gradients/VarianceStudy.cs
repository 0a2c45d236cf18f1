namespace VaeLab.Inference.Gradients;

/// <summary>One point of a variance sweep: the variance of one ∇_μ estimate (mean over coordinates).</summary>
/// <remarks>In a frequency sweep (<see cref="VarianceStudy.VersusFrequency"/>) <see cref="Frequency"/> is ω; otherwise 0.</remarks>
public sealed record VariancePoint(string Estimator, int Dimension, int SamplesPerRun, double Variance, double MaxAbsZScore, double Frequency = 0);

/// <summary>
/// Sweeps of estimator variance on the quadratic f(z) = Σ (z − a)² with q = N(μ, diag σ²):
/// against the number of samples S (fixed D) and against the dimension D (fixed S).
/// </summary>
public static class VarianceStudy
{
    /// <summary>The three estimators compared throughout notebook 03.</summary>
    public static IReadOnlyList<(GradientEstimator Estimator, ScoreBaseline Baseline)> Estimators { get; } =
    [
        (GradientEstimator.ScoreFunction, ScoreBaseline.None),
        (GradientEstimator.ScoreFunction, ScoreBaseline.LeaveOneOut),
        (GradientEstimator.Pathwise, ScoreBaseline.None),
    ];

    /// <summary>The setting used: μ = 0.5, σ = 1, target a = 0 in every dimension (so ∇_μ = 1 per coordinate).</summary>
    public static (QuadraticObjective Objective, double[] Mean, double[] Std) Setting(int dimension) =>
        (QuadraticObjective.Constant(dimension), Enumerable.Repeat(0.5, dimension).ToArray(), Enumerable.Repeat(1.0, dimension).ToArray());

    public static IReadOnlyList<VariancePoint> VersusSamples(int dimension, IEnumerable<int> sampleCounts, int runs, int seed) =>
        Sweep([dimension], sampleCounts, runs, seed);

    public static IReadOnlyList<VariancePoint> VersusDimension(IEnumerable<int> dimensions, int samplesPerRun, int runs, int seed) =>
        Sweep(dimensions, [samplesPerRun], runs, seed);

    private static List<VariancePoint> Sweep(IEnumerable<int> dimensions, IEnumerable<int> sampleCounts, int runs, int seed)
    {
        var points = new List<VariancePoint>();
        foreach (var dimension in dimensions)
        foreach (var samples in sampleCounts)
        foreach (var (estimator, baseline) in Estimators)
        {
            if (baseline == ScoreBaseline.LeaveOneOut && samples < 2) continue;
            var (objective, mean, std) = Setting(dimension);
            var estimates = GaussianGradientEstimator.Run(estimator, objective.Value, mean, std, samples, runs, seed, baseline);
            var summary = EstimatorSummary.OfMeanGradient(estimates, objective.GradientWithRespectToMean(mean));
            points.Add(new VariancePoint(estimates.Label, dimension, samples, summary.Variance, summary.MaxAbsZScore));
        }
        return points;
    }

    /// <summary>
    /// The case where the pathwise estimator loses (Mohamed et al. 2020, §3): f(z) = cos(ω z) in one dimension with
    /// μ = <paramref name="mean"/>, σ = <paramref name="std"/>, for each frequency ω. The pathwise variance grows like ω²;
    /// the score-function variance stays bounded, so beyond ω ≈ 1/σ the score function is the less noisy estimator.
    /// </summary>
    public static IReadOnlyList<VariancePoint> VersusFrequency(
        IEnumerable<double> frequencies, int samplesPerRun, int runs, int seed, double mean = 0.5, double std = 1.0)
    {
        var points = new List<VariancePoint>();
        foreach (var frequency in frequencies)
        {
            var objective = new CosineObjective(frequency);
            double[] mu = [mean], sigma = [std];
            foreach (var (estimator, baseline) in Estimators)
            {
                if (baseline == ScoreBaseline.LeaveOneOut && samplesPerRun < 2) continue;
                var estimates = GaussianGradientEstimator.Run(estimator, objective.Value, mu, sigma, samplesPerRun, runs, seed, baseline);
                var summary = EstimatorSummary.OfMeanGradient(estimates, objective.GradientWithRespectToMean(mu, sigma));
                points.Add(new VariancePoint(estimates.Label, 1, samplesPerRun, summary.Variance, summary.MaxAbsZScore, frequency));
            }
        }
        return points;
    }

    /// <summary>
    /// The lowest swept frequency at which <paramref name="estimator"/>'s variance exceeds <paramref name="other"/>'s,
    /// or null if it never does.
    /// </summary>
    public static double? FirstFrequencyWhereWorse(IReadOnlyList<VariancePoint> points, string estimator, string other) =>
        points.Where(p => p.Estimator == estimator)
            .Join(points.Where(p => p.Estimator == other), p => p.Frequency, p => p.Frequency, (a, b) => (a.Frequency, Worse: a.Variance > b.Variance))
            .Where(p => p.Worse).OrderBy(p => p.Frequency).Select(p => (double?)p.Frequency).FirstOrDefault();

    /// <summary>Variance of <paramref name="numerator"/> over <paramref name="denominator"/> at each setting both were measured at.</summary>
    public static IReadOnlyList<(int Dimension, int SamplesPerRun, double Ratio)> Ratios(
        IReadOnlyList<VariancePoint> points, string numerator, string denominator) =>
        points.Where(p => p.Estimator == numerator)
            .Join(points.Where(p => p.Estimator == denominator), p => (p.Dimension, p.SamplesPerRun, p.Frequency), p => (p.Dimension, p.SamplesPerRun, p.Frequency),
                (n, d) => (n.Dimension, n.SamplesPerRun, n.Variance / d.Variance))
            .ToList();

    /// <summary>
    /// Least-squares slope of log variance against log S (or log D) for one estimator: variance ∝ x^slope.
    /// </summary>
    public static double LogLogSlope(IEnumerable<VariancePoint> points, string estimator, string axis)
    {
        var selected = points.Where(p => p.Estimator == estimator)
            .Select(p => (X: Math.Log(axis == "samples" ? p.SamplesPerRun : p.Dimension), Y: Math.Log(p.Variance))).ToList();
        if (selected.Count < 2 || selected.Select(p => p.X).Distinct().Count() < 2)
            throw new ArgumentException($"Need points at two or more {axis} values for \"{estimator}\".", nameof(points));
        var (mx, my) = (selected.Average(p => p.X), selected.Average(p => p.Y));
        return selected.Sum(p => (p.X - mx) * (p.Y - my)) / selected.Sum(p => (p.X - mx) * (p.X - mx));
    }
}
