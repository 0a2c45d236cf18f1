using TorchSharp;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>Importance-weighted estimates of log p(x) for several k on the same examples (nats per example).</summary>
public sealed record IwaeCurve(IReadOnlyList<int> Ks, IReadOnlyList<double> Bounds, double MeanLogWeight, int Images)
{
    /// <summary>The estimate at the largest k: the tightest lower bound on log p(x) computed.</summary>
    public double Tightest => Bounds[^1];
}

/// <summary>
/// Evaluates a trained latent-variable model beyond the ELBO (which comes from <see cref="Training.Evaluator"/>): the
/// importance-weighted bound, the posterior means and log-variances over a data set, active units.
/// </summary>
public static class VaeEvaluation
{
    /// <summary>
    /// L_k for each k in <paramref name="ks"/>, from max(ks) log-weights per example averaged in disjoint groups of k
    /// (see <see cref="ImportanceWeightedBound.GroupAverage"/>). Costs max(ks) decoder passes per example. The noise comes
    /// from a generator seeded with <paramref name="seed"/>. −L_k is an upper bound on the negative log-likelihood (the
    /// "IWAE NLL"). For the graph VAE give all nodes as one batch.
    /// </summary>
    public static IwaeCurve ImportanceWeighted(ILatentVariableModel model, Tensor data, IReadOnlyList<int> ks, int batchSize = 100, int chunkSize = 100, int seed = 0)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("Give at least one k, each at least 1.", nameof(ks));
        using var generator = new Generator((ulong)seed);
        var samples = ks.Max();
        var count = (int)data.shape[0];
        var sums = new double[ks.Count];
        double meanLogWeight = 0;
        Batches.ForEach(data, batchSize, batch =>
        {
            var logWeights = ImportanceWeightedBound.LogWeights(model, batch, samples, chunkSize, generator);
            for (var i = 0; i < ks.Count; i++) sums[i] += ImportanceWeightedBound.GroupAverage(logWeights, ks[i]).sum().ToDouble();
            meanLogWeight += logWeights.mean([0L]).sum().ToDouble();
        });
        return new IwaeCurve(ks.ToArray(), sums.Select(s => s / count).ToArray(), meanLogWeight / count, count);
    }

    /// <summary>Posterior means [N, …] for a data set (batched, no gradient): μ for a Gaussian q, the probabilities for a categorical one.</summary>
    public static Tensor LatentMeans(ILatentVariableModel model, Tensor data, int batchSize = 1000) =>
        Batches.Map(data, batchSize, batch =>
        {
            using var posterior = model.Posterior(batch);
            return posterior is DiagonalNormal gaussian ? gaussian.mean : posterior.mean.clone();
        });

    /// <summary>μ and log σ² of a diagonal-Gaussian q(z|x) for every row of <paramref name="data"/>, each [N, D] (batched, no gradient).</summary>
    public static (Tensor Means, Tensor LogVariances) GaussianPosteriors(ILatentVariableModel model, Tensor data, int batchSize = 1000) =>
        Batches.Map(data, batchSize, batch =>
        {
            using var posterior = RequireGaussian(model.Posterior(batch));
            return (posterior.mean, posterior.LogVariance);
        });

    /// <summary>Active units (Burda et al. 2016) of a model's encoder over <paramref name="data"/>: see <see cref="LatentDiagnostics.ActiveUnits"/>.</summary>
    public static ActiveUnitsReport ActiveUnits(ILatentVariableModel model, Tensor data, double threshold = LatentDiagnostics.BurdaActivityThreshold)
    {
        using var scope = NewDisposeScope();
        return LatentDiagnostics.ActiveUnits(LatentMeans(model, data), threshold);
    }

    /// <summary>The posterior as a diagonal Gaussian, or a one-line error naming what it is.</summary>
    public static DiagonalNormal RequireGaussian(Distribution posterior)
    {
        if (posterior is DiagonalNormal gaussian) return gaussian;
        var name = posterior.GetType().Name;
        posterior.Dispose();
        throw new ArgumentException($"This needs a diagonal-Gaussian posterior q(z|x); the model's is a {name}.");
    }
}
