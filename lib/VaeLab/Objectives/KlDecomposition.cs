using VaeLab.Distributions;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>How the aggregate posterior q(z) = (1/N) Σ_n q(z|n) is estimated from one minibatch.</summary>
public enum AggregatePosteriorEstimator
{
    /// <summary>
    /// Minibatch-weighted sampling (Chen et al. 2018, §4.1): q(z_i) ≈ 1/(N M) Σ_j q(z_i | x_j). This is the paper's
    /// estimator and that of its reference code. Against the estimate that treats the batch as the whole data set
    /// (weights 1/M), log q(z) and each of the D marginals log q(z_d) are lower by exactly log N, so its TC is that
    /// estimate plus (D − 1)·log N: a constant without gradient, so penalising TC still works. The batch estimate is
    /// itself not the true TC (M posteriors stand for N), and its error depends on how sharp the posteriors are, so the
    /// gap between this TC and the true one is not a constant (notebook 05 measures it). Even when the batch is the
    /// whole data set (M = N) it gives log q(z) − log N, not log q(z).
    /// </summary>
    MinibatchWeighted,

    /// <summary>
    /// Stratified weights: q(z_i) ≈ (1/N) q(z_i | x_i) + (N − 1)/(N (M − 1)) Σ_{j≠i} q(z_i | x_j): the example that
    /// produced z_i stands for itself, the other M − 1 for the other N − 1 examples. Unbiased for q(z) when the batch
    /// is drawn without replacement, exact when M = N, and its TC is near 0 for a factorised q (the stratification
    /// idea of Chen et al. 2018, appendix C.2, with weights chosen so that it is exact for M = N).
    /// </summary>
    Stratified,
}

/// <summary>Per-example log-densities [M] behind the decomposition; owns its tensors.</summary>
public sealed record KlDecompositionDensities(Tensor LogPosterior, Tensor LogAggregate, Tensor LogProductOfMarginals, Tensor LogPrior)
    : IDisposable
{
    public void Dispose()
    {
        LogPosterior.Dispose();
        LogAggregate.Dispose();
        LogProductOfMarginals.Dispose();
        LogPrior.Dispose();
    }
}

/// <summary>
/// The three terms of the averaged KL as batch means (scalar tensors that keep their gradients, so
/// <see cref="TotalCorrelation"/> can be weighted in a loss); owns its tensors. Their sum is the Monte Carlo estimate
/// E[log q(z|x) − log p(z)] of the mean KL(q(z|x) ‖ p(z)), whichever estimator of q(z) was used.
/// </summary>
public sealed record KlDecompositionTerms(Tensor IndexCodeMutualInformation, Tensor TotalCorrelation, Tensor DimensionWiseKl)
    : IDisposable
{
    public void Dispose()
    {
        IndexCodeMutualInformation.Dispose();
        TotalCorrelation.Dispose();
        DimensionWiseKl.Dispose();
    }
}

/// <summary>
/// The β-TCVAE decomposition of the data-averaged KL (Chen et al. 2018, eq. 2):
/// E_p(n)[KL(q(z|n) ‖ p(z))] = I_q(z; n) + KL(q(z) ‖ Π_d q(z_d)) + Σ_d KL(q(z_d) ‖ p(z_d)),
/// i.e. index-code mutual information E[log q(z|n) − log q(z)], total correlation E[log q(z) − log Π_d q(z_d)] and
/// dimension-wise KL E[log Π_d q(z_d) − log p(z)], each estimated from one batch of a diagonal-Gaussian encoder with
/// p(z) = N(0, I). q(z) and q(z_d) need the whole data set; they are estimated from the batch (see
/// <see cref="AggregatePosteriorEstimator"/>), which costs an M × M × D tensor.
/// </summary>
public static class KlDecomposition
{

    /// <summary>
    /// log q(z_i|x_i), log q(z_i), log Π_d q(z_i,d) and log p(z_i) for each example i of the batch, from its posterior
    /// means and log-variances [M, D], the samples z [M, D] drawn from those posteriors, and the data-set size N ≥ M.
    /// </summary>
    public static KlDecompositionDensities LogDensities(Tensor mean, Tensor logVariance, Tensor z, long datasetSize,
        AggregatePosteriorEstimator estimator = AggregatePosteriorEstimator.MinibatchWeighted)
    {
        Check(mean, logVariance, z, datasetSize, estimator);
        using var scope = torch.NewDisposeScope();
        var m = mean.shape[0];
        // perDimension[i, j, d] = log q(z_i,d | x_j): every sample under every example's posterior.
        using var posteriors = DiagonalNormal.FromLogVariance(mean.unsqueeze(0), logVariance.unsqueeze(0));   // batch [1, M, D]
        var perDimension = posteriors.Normal.log_prob(z.unsqueeze(1));
        var logWeights = LogWeights(m, datasetSize, estimator, z).unsqueeze(-1); // [M, M, 1]
        var logAggregate = torch.logsumexp(perDimension.sum(dim: 2, keepdim: true) + logWeights, dim: 1).squeeze(-1);
        var logProduct = torch.logsumexp(perDimension + logWeights, dim: 1).sum(dim: 1);
        var logPosterior = perDimension.diagonal(0, 0, 1).sum(dim: 0);
        using var prior = new StandardNormal(z.shape[^1]);
        var logPrior = prior.log_prob(z);
        return new KlDecompositionDensities(logPosterior.MoveToOuterDisposeScope(), logAggregate.MoveToOuterDisposeScope(),
            logProduct.MoveToOuterDisposeScope(), logPrior.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Index-code MI, total correlation and dimension-wise KL as batch means (see <see cref="LogDensities"/> for the
    /// arguments). Differentiable with respect to mean, log-variance and z.
    /// </summary>
    public static KlDecompositionTerms Estimate(Tensor mean, Tensor logVariance, Tensor z, long datasetSize,
        AggregatePosteriorEstimator estimator = AggregatePosteriorEstimator.MinibatchWeighted)
    {
        using var scope = torch.NewDisposeScope();
        using var d = LogDensities(mean, logVariance, z, datasetSize, estimator);
        var mi = (d.LogPosterior - d.LogAggregate).mean();
        var tc = (d.LogAggregate - d.LogProductOfMarginals).mean();
        var dimensionKl = (d.LogProductOfMarginals - d.LogPrior).mean();
        return new KlDecompositionTerms(mi.MoveToOuterDisposeScope(), tc.MoveToOuterDisposeScope(), dimensionKl.MoveToOuterDisposeScope());
    }

    /// <summary>log w_ij [M, M]: the weight of example j's posterior in the estimate of q at sample i.</summary>
    private static Tensor LogWeights(long m, long n, AggregatePosteriorEstimator estimator, Tensor like)
    {
        if (estimator == AggregatePosteriorEstimator.MinibatchWeighted)
            return torch.full(m, m, -Math.Log((double)n * m), dtype: like.dtype, device: like.device);
        var offDiagonal = Math.Log((n - 1.0) / (n * (m - 1.0)));
        var own = torch.eye(m, dtype: like.dtype, device: like.device);
        return offDiagonal + own * (-Math.Log(n) - offDiagonal);
    }

    private static void Check(Tensor mean, Tensor logVariance, Tensor z, long datasetSize, AggregatePosteriorEstimator estimator)
    {
        if (mean.dim() != 2 || !mean.shape.SequenceEqual(logVariance.shape) || !mean.shape.SequenceEqual(z.shape))
            throw new ArgumentException(
                $"Mean, log-variance and z must all be [batch, latents]; got [{string.Join(", ", mean.shape)}], [{string.Join(", ", logVariance.shape)}] and [{string.Join(", ", z.shape)}].");
        var m = mean.shape[0];
        if (datasetSize < m)
            throw new ArgumentException($"The data-set size N ({datasetSize}) cannot be smaller than the batch ({m}); pass the number of training examples.");
        if (estimator == AggregatePosteriorEstimator.Stratified && m < 2)
            throw new ArgumentException("The stratified estimator needs a batch of at least 2 examples.");
    }
}
