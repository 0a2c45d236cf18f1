namespace VaeLab.Inference.Gradients;

/// <summary>
/// What many runs of an estimator say about ∇_μ: per coordinate, the mean estimate, its standard error
/// (sample std / √runs) and the truth; overall, the variance of one estimate (averaged over coordinates) and the
/// largest |mean − truth| / SE (a z-score: unbiasedness predicts it rarely exceeds 4 or 5).
/// </summary>
public sealed record EstimatorSummary(
    string Estimator, int SamplesPerRun, int Runs, double[] Mean, double[] StandardError, double[] Truth,
    double Variance, double MaxAbsZScore)
{
    /// <summary>Summarises the ∇_μ estimates of <paramref name="estimates"/> against the analytic <paramref name="truth"/>.</summary>
    public static EstimatorSummary OfMeanGradient(GaussianGradientEstimates estimates, double[] truth) =>
        Of(estimates.Label, estimates.SamplesPerRun, estimates.MeanGradients, truth);

    /// <summary>Summarises the ∇_σ estimates of <paramref name="estimates"/> against the analytic <paramref name="truth"/>.</summary>
    public static EstimatorSummary OfStdGradient(GaussianGradientEstimates estimates, double[] truth) =>
        Of(estimates.Label, estimates.SamplesPerRun, estimates.StdGradients, truth);

    /// <summary>Summarises runs × coordinates estimates (rows are runs) against <paramref name="truth"/>.</summary>
    public static EstimatorSummary Of(string estimator, int samplesPerRun, double[,] estimates, double[] truth)
    {
        var (runs, dimension) = (estimates.GetLength(0), estimates.GetLength(1));
        if (truth.Length != dimension)
            throw new ArgumentException($"Truth has {truth.Length} coordinates, the estimates {dimension}.", nameof(truth));
        if (runs < 2) throw new ArgumentException("Need at least 2 runs to estimate a variance.", nameof(estimates));
        var mean = new double[dimension];
        var se = new double[dimension];
        var variance = 0.0;
        var maxZ = 0.0;
        for (var d = 0; d < dimension; d++)
        {
            double sum = 0, sumSq = 0;
            for (var r = 0; r < runs; r++) sum += estimates[r, d];
            mean[d] = sum / runs;
            for (var r = 0; r < runs; r++) sumSq += Math.Pow(estimates[r, d] - mean[d], 2);
            var v = sumSq / (runs - 1);
            variance += v / dimension;
            se[d] = Math.Sqrt(v / runs);
            var z = Math.Abs(mean[d] - truth[d]) / Math.Max(se[d], double.Epsilon);
            maxZ = Math.Max(maxZ, z);
        }
        return new EstimatorSummary(estimator, samplesPerRun, runs, mean, se, (double[])truth.Clone(), variance, maxZ);
    }
}
