using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// Evaluation of VAEs with teacher-forced autoregressive decoders (<see cref="ITeacherForcedVae"/>): the posterior
/// parameters over a data set and the importance-weighted bound of Burda et al. 2016 on log p(x), the same bound as
/// <see cref="ImportanceWeightedBound"/> with log p(x | z_i) scored by the model's teacher-forced decoder.
/// </summary>
public static class TeacherForcedEvaluation
{
    /// <summary>μ and log σ² of q(z | x) for every row of <paramref name="data"/> [N, ...], each [N, D] (batched, no gradient).</summary>
    public static (Tensor Means, Tensor LogVariances) Posteriors(ITeacherForcedVae model, Tensor data, int batchSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var noGrad = no_grad();
        var means = new List<Tensor>();
        var logVariances = new List<Tensor>();
        for (long start = 0; start < data.shape[0]; start += batchSize)
        {
            var (mean, logVariance) = model.Encode(data.narrow(0, start, Math.Min(batchSize, data.shape[0] - start)));
            means.Add(mean);
            logVariances.Add(logVariance);
        }
        return (cat(means, 0), cat(logVariances, 0));
    }

    /// <summary>
    /// log w_i = log p(x | z_i) + log p(z_i) − log q(z_i | x) for z_i = μ + σ·ε_i, i = 1 … k: a [k, N] tensor (no
    /// gradient), the noise drawn from <paramref name="generator"/>, decoded <paramref name="chunkSize"/> samples at a time.
    /// </summary>
    public static Tensor LogWeights(ITeacherForcedVae model, Tensor x, int k, int chunkSize = 25, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, logVariance) = model.Encode(x);
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        using var prior = DiagonalNormal.StandardLike(mean);
        // All the noise at once, so the result does not depend on the chunk size (only memory does).
        var epsilon = randn([k, .. mean.shape], dtype: mean.dtype, generator: generator);
        var chunks = new List<Tensor>();
        for (var start = 0; start < k; start += chunkSize)
        {
            using var inner = NewDisposeScope();
            var z = posterior.mean + posterior.stddev * epsilon.narrow(0, start, Math.Min(chunkSize, k - start));   // [c, N, D]
            var logWeight = model.LogLikelihood(z, x) + DiagonalNormal.LogDensity(prior, z) - DiagonalNormal.LogDensity(posterior, z);
            chunks.Add(logWeight.MoveToOuterDisposeScope());
        }
        return cat(chunks, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// L_k for each k in <paramref name="ks"/> (nats per example), from max(ks) log-weights per example averaged over
    /// disjoint groups of k (<see cref="ImportanceWeightedBound.GroupAverage"/>), noise seeded by <paramref name="seed"/>.
    /// −L_k is an upper bound on the negative log-likelihood (the "IWAE NLL").
    /// </summary>
    public static IwaeCurve ImportanceWeighted(ITeacherForcedVae model, Tensor data, IReadOnlyList<int> ks, int batchSize = 100, int chunkSize = 25, int seed = 0)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("Give at least one k, each at least 1.", nameof(ks));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var generator = new Generator((ulong)seed);
        var samples = ks.Max();
        var count = (int)data.shape[0];
        var sums = new double[ks.Count];
        double meanLogWeight = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var logWeights = LogWeights(model, data.narrow(0, start, Math.Min(batchSize, count - start)), samples, chunkSize, generator);
            for (var i = 0; i < ks.Count; i++) sums[i] += ImportanceWeightedBound.GroupAverage(logWeights, ks[i]).sum().ToDouble();
            meanLogWeight += logWeights.mean([0L]).sum().ToDouble();
        }
        return new IwaeCurve(ks.ToArray(), sums.Select(s => s / count).ToArray(), meanLogWeight / count, count);
    }

    /// <summary>
    /// How much the decoder relies on z, in nats per example: E[log p(x_n | μ_n)] − E[log p(x_n | μ_π(n))], the
    /// log-likelihood of each example decoded from its own posterior mean minus that from the mean of another example
    /// (π a seeded derangement-like shuffle). About 0 when the decoder ignores z (or z carries nothing); large when
    /// the decoder needs this example's code.
    /// </summary>
    public static double ShuffledLatentCost(ITeacherForcedVae model, Tensor data, int seed = 0, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var n = data.shape[0];
        if (n < 2) throw new ArgumentException("Give at least two examples to swap codes between.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (means, _) = Posteriors(model, data, batchSize);
        // A shift by a seeded offset in [1, n): every example gets another example's code.
        var offset = 1 + new Random(seed).NextInt64(n - 1);
        var shuffled = means.roll(offset, 0);
        double own = 0, other = 0;
        for (long start = 0; start < n; start += batchSize)
        {
            using var inner = NewDisposeScope();
            var size = Math.Min(batchSize, n - start);
            var x = data.narrow(0, start, size);
            own += model.LogLikelihood(means.narrow(0, start, size), x).sum().ToDouble();
            other += model.LogLikelihood(shuffled.narrow(0, start, size), x).sum().ToDouble();
        }
        return (own - other) / n;
    }
}
