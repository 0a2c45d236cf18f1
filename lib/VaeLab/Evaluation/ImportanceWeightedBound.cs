using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// The importance-weighted bound of Burda, Grosse &amp; Salakhutdinov (2015):
/// L_k(x) = E[log (1/k) Σ_i p(x, z_i) / q(z_i|x)], z_i ~ q(z|x). L_1 is the ELBO, L_k ≤ L_{k+1} ≤ log p(x), and
/// L_k → log p(x) as k → ∞. The k samples are decoded in chunks so k = 1000+ needs only chunk × N decoder outputs.
/// </summary>
public static class ImportanceWeightedBound
{
    /// <summary>
    /// log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x) for k samples per example, as a [k, N] tensor (no gradient),
    /// with the noise drawn from <paramref name="generator"/> (or torch's global generator when null).
    /// </summary>
    public static Tensor LogWeights(IGaussianVae model, Tensor x, int k, int chunkSize = 100, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, _) = model.Encode(x);
        var epsilon = randn([k, .. mean.shape], dtype: mean.dtype, device: mean.device, generator: generator);
        return LogWeightsFromNoise(model, x, epsilon, chunkSize).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same for given standard-normal noise ε [k, N, D] (z_i = μ + σ·ε_i): the result does not depend on
    /// <paramref name="chunkSize"/>, which only bounds memory.
    /// </summary>
    public static Tensor LogWeightsFromNoise(IGaussianVae model, Tensor x, Tensor epsilon, int chunkSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, logVariance) = model.Encode(x);
        if (epsilon.dim() != 3 || !epsilon.shape[1..].SequenceEqual(mean.shape))
            throw new ArgumentException($"The noise must be [k, {string.Join(", ", mean.shape)}]; got [{string.Join(", ", epsilon.shape)}].");
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        using var prior = DiagonalNormal.StandardLike(mean);
        var k = epsilon.shape[0];
        var chunks = new List<Tensor>();
        for (long start = 0; start < k; start += chunkSize)
        {
            using var inner = NewDisposeScope();
            var z = posterior.mean + posterior.stddev * epsilon.narrow(0, start, Math.Min(chunkSize, k - start));   // [c, N, D]
            var logLikelihood = model.Likelihood.LogProbability(model.Decode(z), x);                                // [c, N]
            if (logLikelihood.dim() == 1) logLikelihood = logLikelihood.unsqueeze(0);                               // c = 1
            var logWeight = logLikelihood + DiagonalNormal.LogDensity(prior, z) - DiagonalNormal.LogDensity(posterior, z);
            chunks.Add(logWeight.MoveToOuterDisposeScope());
        }
        return cat(chunks, 0).MoveToOuterDisposeScope();
    }

    /// <summary>L_k per example [N] from the first k rows of a [K, N] log-weight tensor: logsumexp − log k.</summary>
    public static Tensor FromLogWeights(Tensor logWeights, int k)
    {
        CheckLogWeights(logWeights, k);
        return logWeights.narrow(0, 0, k).logsumexp(0, false) - Math.Log(k);
    }

    /// <summary>
    /// L_k per example [N], averaged over the ⌊K/k⌋ disjoint consecutive groups of k log-weights (lower variance
    /// than one group). For k that divide each other (1, 2, 4, …) the groups nest, and by the concavity of log
    /// the estimate can only rise with k on the same samples; it always stays ≥ the mean log-weight (the ELBO).
    /// </summary>
    public static Tensor GroupAverage(Tensor logWeights, int k)
    {
        CheckLogWeights(logWeights, k);
        var groups = logWeights.shape[0] / k;
        var grouped = logWeights.narrow(0, 0, groups * k).reshape(groups, k, logWeights.shape[1]);
        return (grouped.logsumexp(1, false) - Math.Log(k)).mean(new long[] { 0 });
    }

    /// <summary>L_k per example [N] with k fresh samples.</summary>
    public static Tensor Compute(IGaussianVae model, Tensor x, int k, int chunkSize = 100, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return FromLogWeights(LogWeights(model, x, k, chunkSize, generator), k).MoveToOuterDisposeScope();
    }

    private static void CheckLogWeights(Tensor logWeights, int k)
    {
        if (logWeights.dim() != 2) throw new ArgumentException($"Log-weights must be [K, N]; got [{string.Join(", ", logWeights.shape)}].");
        if (k < 1 || k > logWeights.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), $"k must be between 1 and the {logWeights.shape[0]} samples drawn; got {k}.");
    }
}
