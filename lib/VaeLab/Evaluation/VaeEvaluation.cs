using TorchSharp;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>Importance-weighted estimates of log p(x) for several k on the same images (nats per image).</summary>
public sealed record IwaeCurve(IReadOnlyList<int> Ks, IReadOnlyList<double> Bounds, double MeanLogWeight, int Images)
{
    /// <summary>The estimate at the largest k: the tightest lower bound on log p(x) computed.</summary>
    public double Tightest => Bounds[^1];
}

/// <summary>Evaluates a trained Gaussian VAE beyond the ELBO (which comes from <see cref="Training.Evaluator"/>).</summary>
public static class VaeEvaluation
{
    /// <summary>
    /// L_k for each k in <paramref name="ks"/>, from max(ks) log-weights per image averaged in disjoint groups of k
    /// (see <see cref="ImportanceWeightedBound.GroupAverage"/>). Costs max(ks) decoder passes per image. The noise comes
    /// from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static IwaeCurve ImportanceWeighted(IGaussianVae model, Tensor images, IReadOnlyList<int> ks, int batchSize = 100, int chunkSize = 100, int seed = 0)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("Give at least one k, each at least 1.", nameof(ks));
        using var generator = new Generator((ulong)seed);
        var samples = ks.Max();
        var count = (int)images.shape[0];
        var sums = new double[ks.Count];
        double meanLogWeight = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var logWeights = ImportanceWeightedBound.LogWeights(model, images.narrow(0, start, Math.Min(batchSize, count - start)), samples, chunkSize, generator);
            for (var i = 0; i < ks.Count; i++) sums[i] += ImportanceWeightedBound.GroupAverage(logWeights, ks[i]).sum().ToDouble();
            meanLogWeight += logWeights.mean(new long[] { 0 }).sum().ToDouble();
        }
        return new IwaeCurve(ks.ToArray(), sums.Select(s => s / count).ToArray(), meanLogWeight / count, count);
    }

    /// <summary>Encoder means [N, D] for a set of images (batched, no gradient).</summary>
    public static Tensor LatentMeans(IGaussianVae model, Tensor images, int batchSize = 1000)
    {
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
            parts.Add(model.Encode(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start))).Mean);
        return cat(parts, 0);
    }

    /// <summary>Active units (Burda et al. 2016) of a model's encoder over <paramref name="images"/>: see <see cref="LatentDiagnostics.ActiveUnits"/>.</summary>
    public static ActiveUnitsReport ActiveUnits(IGaussianVae model, Tensor images, double threshold = LatentDiagnostics.BurdaActivityThreshold)
    {
        using var scope = NewDisposeScope();
        return LatentDiagnostics.ActiveUnits(LatentMeans(model, images), threshold);
    }
}
