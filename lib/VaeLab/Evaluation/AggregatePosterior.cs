using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// The first two moments of an aggregate posterior and how far the Gaussian with those moments is from N(0, I):
/// KL(N(m, C) ‖ N(0, I)) = ½ (tr C + ‖m‖² − D − log det C). Zero only when q(z) has the prior's mean and covariance;
/// a q(z) with holes can still have them, so this is a floor on the mismatch, not the mismatch itself.
/// </summary>
public sealed record AggregateMoments(double[] Mean, double[] CovarianceEigenvalues, double GaussianKlToPrior)
{
    public double MeanNorm => Math.Sqrt(Mean.Sum(m => m * m));
}

/// <summary>
/// The aggregate posterior of a VAE on a data set, q(z) = (1/N) Σ_n q(z | x_n) (Hoffman &amp; Johnson 2016; Makhzani et al.
/// 2015), for diagonal-Gaussian posteriors N(μ_n, diag σ_n²): draws from it, its exact log density at any point (a
/// mixture of N Gaussians, summed in chunks), its moments, and the share of points that fall where q(z) is thinner than
/// almost all of its own draws — the "holes" of the prior N(0, I) that no image is encoded to (Dai &amp; Wipf 2019;
/// Rosca et al. 2018). A prior sample in a hole decodes to whatever the decoder does with a code it was never trained on.
/// </summary>
public sealed class AggregatePosterior : IDisposable
{
    private readonly Tensor means;
    private readonly Tensor logVariances;

    /// <param name="means">μ_n of every example [N, D].</param>
    /// <param name="logVariances">log σ_n² of every example [N, D].</param>
    public AggregatePosterior(Tensor means, Tensor logVariances)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(logVariances);
        if (means.dim() != 2 || !means.shape.SequenceEqual(logVariances.shape) || means.shape[0] < 1)
            throw new ArgumentException($"Give the posterior means and log-variances of a data set, both [N, D]; got [{string.Join(", ", means.shape)}] and [{string.Join(", ", logVariances.shape)}].");
        using var noGrad = no_grad();
        this.means = means.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
        this.logVariances = logVariances.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
    }

    public long Count => means.shape[0];

    public long Dimension => means.shape[1];

    /// <summary><paramref name="count"/> draws [count, D]: an example chosen uniformly, then z ~ q(z | x_n).</summary>
    public Tensor Sample(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var rows = randint(0, Count, [count], generator: generator);
        var noise = randn([count, Dimension], dtype: ScalarType.Float64, generator: generator);
        var z = means.index_select(0, rows) + (0.5 * logVariances.index_select(0, rows)).exp() * noise;
        return z.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>log q(z) for each row of <paramref name="points"/> [M, D], in nats: logsumexp_n log N(z; μ_n, σ_n²) − log N.</summary>
    public Tensor LogDensity(Tensor points, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2 || points.shape[1] != Dimension)
            throw new ArgumentException($"Give points as [M, {Dimension}]; got [{string.Join(", ", points.shape)}].");
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = points.detach().to_type(ScalarType.Float64);
        // Σ_d (z_d − μ_nd)² / σ_nd² expanded as z²·(1/σ²)ᵀ − 2 z·(μ/σ²)ᵀ + Σ_d μ²/σ²: matrix products instead of an
        // [M, N, D] tensor (which for 20,000 training images would need gigabytes).
        var inverseVariance = (-logVariances).exp();                                                     // [N, D]
        var scaledMeans = means * inverseVariance;                                                       // [N, D]
        var constant = (-0.5 * (logVariances + Math.Log(2 * Math.PI)) - 0.5 * means * scaledMeans).sum(dim: 1); // [N]
        var parts = new List<Tensor>();
        for (long start = 0; start < z.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            var block = z.narrow(0, start, Math.Min(chunk, z.shape[0] - start));                          // [c, D]
            var logComponents = constant.unsqueeze(0) - 0.5 * block.pow(2).matmul(inverseVariance.t()) + block.matmul(scaledMeans.t()); // [c, N]
            parts.Add((logComponents.logsumexp(1) - Math.Log(Count)).MoveToOuterDisposeScope());
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The density below which only a share <paramref name="quantile"/> of q's own draws fall: log q at the
    /// <paramref name="quantile"/> quantile of <paramref name="draws"/> draws from q (seeded). A point below it is in a hole.
    /// </summary>
    public double HoleThreshold(double quantile = 0.01, int draws = 2000, long seed = 0)
    {
        if (!(quantile > 0 && quantile < 1)) throw new ArgumentException($"The quantile must lie in (0, 1); got {quantile}.");
        using var scope = NewDisposeScope();
        var logQ = LogDensity(Sample(draws, seed)).data<double>().ToArray();
        Array.Sort(logQ);
        // Linear interpolation between the order statistics around position q·(n − 1), as torch.quantile does.
        var position = quantile * (logQ.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, logQ.Length - 1);
        return logQ[below] + (position - below) * (logQ[above] - logQ[below]);
    }

    /// <summary>The share of <paramref name="points"/> [M, D] where log q(z) lies below <paramref name="threshold"/>.</summary>
    public double ShareBelow(Tensor points, double threshold)
    {
        using var scope = NewDisposeScope();
        return LogDensity(points).lt(threshold).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// The exact mean and covariance of the mixture: m = mean_n μ_n, C = mean_n (μ_n μ_nᵀ + diag σ_n²) − m mᵀ; the
    /// covariance's eigenvalues (ascending) and the KL of N(m, C) to N(0, I).
    /// </summary>
    public AggregateMoments Moments()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = means.mean([0]);
        var centred = means - mean;
        var covariance = centred.t().matmul(centred) / Count + diag(logVariances.exp().mean([0]));
        var eigenvalues = linalg.eigvalsh(covariance);
        var kl = 0.5 * (covariance.trace() + mean.pow(2).sum() - Dimension - eigenvalues.log().sum());
        return new AggregateMoments(mean.data<double>().ToArray(), eigenvalues.data<double>().ToArray(), kl.item<double>());
    }

    public void Dispose()
    {
        means.Dispose();
        logVariances.Dispose();
    }
}
