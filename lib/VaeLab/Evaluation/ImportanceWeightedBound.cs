using TorchSharp;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// The importance-weighted bound of Burda, Grosse &amp; Salakhutdinov (2015), written once on the latent-variable contract:
/// L_k(x) = E[log (1/k) Σ_i p(x, z_i) / q(z_i|x)], z_i ~ q(z|x), with log p(x, z) = log p(x|z) + log p(z). L_1 is the
/// ELBO, L_k ≤ L_{k+1} ≤ log p(x), and L_k → log p(x) as k → ∞. It serves every model whose posterior can be sampled and
/// scored: Gaussian VAEs, autoregressive decoders (log p(x|z) by teacher forcing), the graph VAE. The k samples are
/// scored in chunks, so k = 1000+ needs only chunk × N decoder outputs.
/// </summary>
public static class ImportanceWeightedBound
{
    /// <summary>
    /// log w_i = log p(x|z_i) + log p(z_i) − log q(z_i|x) for k samples per example, as a [k, N] tensor (no gradient),
    /// with the samples drawn from <paramref name="generator"/> (or torch's global generator when null) in one call, so
    /// the result does not depend on <paramref name="chunkSize"/>, which only bounds memory.
    /// </summary>
    public static Tensor LogWeights(ILatentVariableModel model, Tensor x, int k, int chunkSize = 100, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var posterior = model.Posterior(x);
        var samples = posterior.sample(k, generator);
        return Score(model, x, posterior, samples, chunkSize).MoveToOuterDisposeScope();
    }

    /// <summary>The same for given samples z [k, N, …] of q(z|x) (e.g. z = μ + σ·ε for chosen noise ε).</summary>
    public static Tensor LogWeightsAt(ILatentVariableModel model, Tensor x, Tensor samples, int chunkSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var posterior = model.Posterior(x);
        return Score(model, x, posterior, samples, chunkSize).MoveToOuterDisposeScope();
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
    public static Tensor Compute(ILatentVariableModel model, Tensor x, int k, int chunkSize = 100, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return FromLogWeights(LogWeights(model, x, k, chunkSize, generator), k).MoveToOuterDisposeScope();
    }

    private static Tensor Score(ILatentVariableModel model, Tensor x, Distributions.Distribution posterior, Tensor samples, int chunkSize)
    {
        if (samples.dim() < 2) throw new ArgumentException($"Give samples [k, N, …]; got [{string.Join(", ", samples.shape)}].");
        var observed = model.Observed(x);
        var prior = model.Prior;
        var k = samples.shape[0];
        var chunks = new List<Tensor>();
        for (long start = 0; start < k; start += chunkSize)
        {
            using var inner = NewDisposeScope();
            var z = samples.narrow(0, start, Math.Min(chunkSize, k - start));                       // [c, N, …]
            using var likelihood = model.Likelihood(z);
            var logLikelihood = likelihood.log_prob(observed);                                       // [c, N]
            if (logLikelihood.dim() == 1) logLikelihood = logLikelihood.unsqueeze(0);                // c = 1
            var logWeight = logLikelihood + prior.log_prob(z) - posterior.log_prob(z);
            chunks.Add(logWeight.MoveToOuterDisposeScope());
        }
        return cat(chunks, 0);
    }

    private static void CheckLogWeights(Tensor logWeights, int k)
    {
        if (logWeights.dim() != 2) throw new ArgumentException($"Log-weights must be [K, N]; got [{string.Join(", ", logWeights.shape)}].");
        if (k < 1 || k > logWeights.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), $"k must be between 1 and the {logWeights.shape[0]} samples drawn; got {k}.");
    }
}
