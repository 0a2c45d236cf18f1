using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// The KL decomposition of a whole data set (nats per example) with its Monte Carlo standard errors: index-code MI,
/// total correlation and dimension-wise KL, measured against the exact aggregate posterior of the data set.
/// </summary>
/// <param name="KlError">The standard error of <see cref="Kl"/>, the three terms' sum. Per draw the three terms add up to
/// log q(z|x) − log p(z), so this is that quantity's error, not a combination of the three errors (the terms are correlated).</param>
public sealed record AggregateDecomposition(
    double IndexCodeMutualInformation,
    double TotalCorrelation,
    double DimensionWiseKl,
    double MutualInformationError,
    double TotalCorrelationError,
    double DimensionWiseKlError,
    int Samples,
    long DatasetSize,
    double KlError = double.NaN)
{
    /// <summary>The three terms' sum: the Monte Carlo estimate of the mean KL(q(z|x) ‖ p(z)).</summary>
    public double Kl => IndexCodeMutualInformation + TotalCorrelation + DimensionWiseKl;
}

/// <summary>
/// The β-TCVAE decomposition (Chen et al. 2018, eq. 2) measured without a batch estimator: q(z) = (1/N) Σ_n q(z|n) and
/// its marginals q(z_d) are summed over <b>all</b> N posteriors of the data set, so the only error left is the Monte
/// Carlo error of the expectation over z (one z drawn from q(z|x_i) for each of <c>samples</c> examples i, chosen at
/// random), which the standard errors report. This is the reference a batch estimator (minibatch-weighted, stratified)
/// can be compared with. Cost: samples × N × D log-densities, computed in chunks.
/// </summary>
public static class AggregatePosteriorDecomposition
{
    /// <param name="mean">Posterior means of every example of the data set [N, D].</param>
    /// <param name="logVariance">Posterior log-variances [N, D].</param>
    /// <param name="samples">How many examples draw a z (all N when ≥ N).</param>
    /// <param name="seed">Seed of the chosen examples and of the z draws.</param>
    public static AggregateDecomposition Measure(Tensor mean, Tensor logVariance, int samples = 1024, long seed = 0, int chunk = 128)
    {
        if (mean.dim() != 2 || !mean.shape.SequenceEqual(logVariance.shape))
            throw new ArgumentException($"Give posterior means and log-variances of the whole data set, both [N, D]; got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", logVariance.shape)}].");
        if (samples < 2) throw new ArgumentException($"Draw at least 2 samples to estimate a standard error; got {samples}.");
        if (chunk < 1) throw new ArgumentException($"The chunk size must be at least 1; got {chunk}.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var mu = mean.detach().to_type(ScalarType.Float64);
        var logVar = logVariance.detach().to_type(ScalarType.Float64);
        var n = mu.shape[0];
        var d = mu.shape[1];
        var count = (int)Math.Min(samples, n);
        using var generator = new Generator((ulong)seed);
        var rows = count == n ? arange(n) : randperm(n, generator: generator).narrow(0, 0, count);
        var chosenMean = mu.index_select(0, rows);
        var chosenStd = (0.5 * logVar.index_select(0, rows)).exp();
        var z = chosenMean + chosenStd * randn(chosenMean.shape, dtype: ScalarType.Float64, generator: generator); // [S, D]

        var logN = Math.Log(n);
        var inverseVariance = (-logVar).exp().unsqueeze(0);                               // [1, N, D]
        var logNormaliser = (-0.5 * (logVar + Math.Log(2 * Math.PI))).unsqueeze(0);       // [1, N, D]
        var logAggregate = new List<Tensor>();
        var logMarginals = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            using var inner = NewDisposeScope();
            var zc = z.narrow(0, start, Math.Min(chunk, count - start)).unsqueeze(1);       // [c, 1, D]
            var perDimension = logNormaliser - 0.5 * (zc - mu.unsqueeze(0)).pow(2) * inverseVariance; // [c, N, D]: log q(z_i,d | n)
            logAggregate.Add((perDimension.sum(dim: 2).logsumexp(1) - logN).MoveToOuterDisposeScope());          // [c]
            logMarginals.Add((perDimension.logsumexp(1) - logN).sum(dim: 1).MoveToOuterDisposeScope());         // [c]
        }
        var logQ = cat(logAggregate, 0);
        var logProduct = cat(logMarginals, 0);
        var logPosterior = (-0.5 * ((z - chosenMean) / chosenStd).pow(2) - chosenStd.log() - 0.5 * Math.Log(2 * Math.PI)).sum(dim: 1);
        var logPrior = (-0.5 * z.pow(2) - 0.5 * Math.Log(2 * Math.PI)).sum(dim: 1);
        var (mi, miError) = MeanAndError(logPosterior - logQ);
        var (tc, tcError) = MeanAndError(logQ - logProduct);
        var (dimensionKl, dimensionError) = MeanAndError(logProduct - logPrior);
        var (_, klError) = MeanAndError(logPosterior - logPrior);
        return new AggregateDecomposition(mi, tc, dimensionKl, miError, tcError, dimensionError, count, n, klError);
    }

    private static (double Mean, double Error) MeanAndError(Tensor values)
    {
        var list = values.data<double>().ToArray();
        var mean = list.Average();
        var variance = list.Sum(v => (v - mean) * (v - mean)) / (list.Length - 1);
        return (mean, Math.Sqrt(variance / list.Length));
    }
}
