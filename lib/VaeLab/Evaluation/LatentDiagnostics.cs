using TorchSharp;
using VaeLab.Data;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>Which latent dimensions an encoder uses: the variance over the data of each posterior mean.</summary>
/// <param name="Count">How many dimensions have variance above <paramref name="Threshold"/>.</param>
/// <param name="Variances">Per dimension, Cov_x(E_q[z_d | x]) (unbiased, over the N rows).</param>
/// <param name="Threshold">The activity threshold used (Burda et al.'s 0.01 unless told otherwise).</param>
public sealed record ActiveUnitsReport(int Count, double[] Variances, double Threshold)
{
    public int Dimensions => Variances.Length;

    public bool IsActive(int dimension) => Variances[dimension] > Threshold;

    public override string ToString() => $"{Count} of {Dimensions} units active (variance of the posterior mean > {Threshold})";
}

/// <summary>
/// Diagnostics of posterior collapse computed from an encoder's diagonal-Gaussian posteriors
/// q(z | x_n) = N(μ_n, diag exp(logvar_n)) over a data set: active units and the mutual information I(x; z) under q.
/// </summary>
public static class LatentDiagnostics
{
    /// <summary>Burda et al. 2016 (IWAE): a unit is active when Cov_x(E_q[z_d | x]) &gt; 0.01.</summary>
    public const double BurdaActivityThreshold = 0.01;

    /// <summary>
    /// Active units (Burda et al. 2016, "Importance weighted autoencoders"): A_d = Cov_x(E_{q(z|x)}[z_d]) from the
    /// posterior means [N, D]; unit d is active when A_d &gt; <paramref name="threshold"/>. A collapsed posterior
    /// q(z | x) = p(z) has the same mean for every x, so A_d = 0. The variance is the unbiased one (divides by N − 1),
    /// as in He et al. 2019's code.
    /// </summary>
    public static ActiveUnitsReport ActiveUnits(Tensor posteriorMeans, double threshold = BurdaActivityThreshold)
    {
        if (posteriorMeans.dim() != 2 || posteriorMeans.shape[0] < 2)
            throw new ArgumentException($"Posterior means must be [N, D] with N ≥ 2; got [{string.Join(", ", posteriorMeans.shape)}].");
        if (!(threshold >= 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The activity threshold must be ≥ 0.");
        using var scope = NewDisposeScope();
        var means = posteriorMeans.detach().to(ScalarType.Float64, CPU);
        var centred = means - means.mean([0L], keepdim: true);
        var variances = (centred.square().sum(dim: 0) / (means.shape[0] - 1)).data<double>().ToArray();
        return new ActiveUnitsReport(variances.Count(v => v > threshold), variances, threshold);
    }

    /// <summary>
    /// The mutual information between x and z under the encoder's joint q(x, z) = p_data(x) q(z | x) (Hoffman &amp;
    /// Johnson 2016, "ELBO surgery": the average KL splits into I_q(x; z) + KL(q(z) ‖ p(z))), estimated as in He et
    /// al. 2019 ("Lagging inference networks and posterior collapse", §4.2, Eq. 5):
    /// I = E_x E_{q(z|x)}[log q(z | x) − log q(z)], with q(z) ≈ (1/N) Σ_j q(z | x_j) the mixture of all N posteriors
    /// and one draw z_n ~ q(z | x_n) per row. He et al. take E[log q(z | x)] in closed form (the negative entropy);
    /// here both terms use the same draw, which has the same expectation and less noise, and makes the estimate
    /// exactly 0 when every posterior is the same. Each term is at most log N (the mixture contains q(z | x_n) / N),
    /// so the estimate saturates at log N: about log K for K equally likely, well-separated groups of posteriors.
    /// </summary>
    /// <param name="means">Posterior means [N, D].</param>
    /// <param name="logVariances">Posterior log-variances [N, D].</param>
    /// <param name="generator">Draws the z_n (seed it for a reproducible estimate).</param>
    /// <param name="batchSize">Rows of z scored against all N posteriors at a time: memory is about 5 · batchSize · N
    /// doubles (256 × 10,000 ≈ 100 MB).</param>
    public static double MutualInformation(Tensor means, Tensor logVariances, Generator generator, int batchSize = 256) =>
        MutualInformationEstimate(means, logVariances, generator, draws: 1, batchSize).Nats;

    /// <summary>
    /// <see cref="MutualInformation"/> averaged over <paramref name="draws"/> draws of z per row, with its standard error:
    /// the spread of the per-row contributions log q(z_n | x_n) − log q(z_n) (each averaged over the draws) divided by √N.
    /// The rows are treated as independent, which they nearly are (each row's own posterior is 1/N of the mixture), so
    /// the error covers both the sampling of z and which N examples were scored. The value is a Monte Carlo estimate:
    /// it can exceed the average KL (which bounds the true I(x; z) from above) or fall below 0 by about this error.
    /// With one draw it equals <see cref="MutualInformation"/> for the same generator.
    /// </summary>
    public static MutualInformationEstimate MutualInformationEstimate(Tensor means, Tensor logVariances, Generator generator, int draws = 1, int batchSize = 256)
    {
        if (means.dim() != 2 || !means.shape.SequenceEqual(logVariances.shape) || means.shape[0] < 1)
            throw new ArgumentException(
                $"Means and log-variances must both be [N, D] with N ≥ 1; got [{string.Join(", ", means.shape)}] and [{string.Join(", ", logVariances.shape)}].");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mu = means.detach().to(ScalarType.Float64, CPU);
        var logVar = logVariances.detach().to(ScalarType.Float64, CPU);
        long n = mu.shape[0], d = mu.shape[1];
        var log2Pi = Math.Log(2 * Math.PI);

        // log q(z_i | x_j) = −½ [D log 2π + Σ_d logvar_jd + Σ_d (z_id − μ_jd)² / σ²_jd], with the square expanded
        // (z² / σ² − 2 z μ / σ² + μ² / σ²) so each batch is two matrix products instead of a [B, N, D] tensor.
        var precision = (-logVar).exp();
        var precisionT = precision.t();
        var weightedMeanT = (mu * precision).t();
        var meanTerm = (mu.square() * precision).sum(dim: 1).unsqueeze(0);
        var logNormaliser = (d * log2Pi + logVar.sum(dim: 1)).unsqueeze(0);
        var logN = Math.Log(n);
        var perRow = zeros(n, dtype: ScalarType.Float64);
        for (var draw = 0; draw < draws; draw++)
        {
            // All of a draw's noise at once, so the estimate does not depend on the batch size.
            var noise = randn([n, d], dtype: ScalarType.Float64, generator: generator);
            var z = mu + (0.5 * logVar).exp() * noise;
            // log q(z_n | x_n), from the standardised draw directly (no cancellation).
            var logPosterior = -0.5 * (d * log2Pi + logVar.sum(dim: 1) + noise.square().sum(dim: 1));
            var logAggregate = Batches.Map(z, batchSize, zb =>
            {
                var squaredDistance = (zb.square().mm(precisionT) - 2 * zb.mm(weightedMeanT) + meanTerm).clamp_min(0);
                return (-0.5 * (logNormaliser + squaredDistance)).logsumexp(1) - logN;
            });
            perRow.add_(logPosterior - logAggregate);
        }
        var contributions = (perRow / draws).data<double>().ToArray();
        var mean = contributions.Average();
        var standardError = n < 2 ? double.NaN : Math.Sqrt(contributions.Sum(c => (c - mean) * (c - mean)) / (n - 1) / n);
        return new MutualInformationEstimate(mean, standardError, draws, n);
    }
}

/// <summary>
/// An estimate of I(x; z) under q from N posteriors (<see cref="LatentDiagnostics.MutualInformationEstimate"/>), in nats,
/// with its standard error. <see cref="Ceiling"/> = log N: the estimator cannot exceed it. Taken over a sample of N
/// examples it has the form of the InfoNCE bound (van den Oord et al. 2018; compared with the other bounds in Poole et al. 2019), a lower bound on
/// the population I(x; z) that falls ever further below it as I(x; z) approaches log N; so a value near the ceiling says
/// only that the N posteriors barely overlap, and the true I(x; z) may be far larger (the average KL bounds it from above).
/// </summary>
public sealed record MutualInformationEstimate(double Nats, double StandardError, int Draws, long Rows)
{
    /// <summary>log N, the largest value the estimator can return.</summary>
    public double Ceiling => Math.Log(Rows);

    /// <summary>Whether the estimate has reached 90 % of <see cref="Ceiling"/>: saturated, so read it as a lower bound only.</summary>
    public bool IsSaturated => Nats >= 0.9 * Ceiling;

    public override string ToString() => $"{Nats:F3} ± {StandardError:F3} nats ({Draws} draw{(Draws == 1 ? "" : "s")} per row, N = {Rows:N0}, ceiling log N = {Ceiling:F2})";
}
