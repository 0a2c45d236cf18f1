using TorchSharp;
using VaeLab.Losses;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>The ELBO terms averaged over a data set, in nats per image.</summary>
public sealed record ElboSummary(double Elbo, double Reconstruction, double Kl, int Images);

/// <summary>Importance-weighted estimates of log p(x) for several k on the same images (nats per image).</summary>
public sealed record IwaeCurve(IReadOnlyList<int> Ks, IReadOnlyList<double> Bounds, double MeanLogWeight, int Images)
{
    /// <summary>The estimate at the largest k: the tightest lower bound on log p(x) computed.</summary>
    public double Tightest => Bounds[^1];
}

/// <summary>Evaluates a trained Gaussian VAE: ELBO and importance-weighted bounds over many images.</summary>
public static class VaeEvaluation
{
    /// <summary>The one-sample ELBO averaged over <paramref name="images"/> (model in eval mode, seeded).</summary>
    public static ElboSummary Elbo(IGaussianVae model, Tensor images, DecoderLikelihood? likelihood = null, int batchSize = 1000, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        torch.manual_seed(seed);
        using var noGrad = no_grad();
        var count = (int)images.shape[0];
        double reconstruction = 0, kl = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var terms = Losses.Elbo.Compute(model, images.narrow(0, start, Math.Min(batchSize, count - start)), likelihood);
            reconstruction -= terms.LogLikelihood.sum().ToDouble();
            kl += terms.Kl.sum().ToDouble();
        }
        return new ElboSummary(-(reconstruction + kl) / count, reconstruction / count, kl / count, count);
    }

    /// <summary>
    /// L_k for each k in <paramref name="ks"/>, from max(ks) log-weights per image averaged in disjoint groups of k
    /// (see <see cref="ImportanceWeightedBound.GroupAverage"/>). Costs max(ks) decoder passes per image.
    /// </summary>
    public static IwaeCurve ImportanceWeighted(IGaussianVae model, Tensor images, IReadOnlyList<int> ks, DecoderLikelihood? likelihood = null,
        int batchSize = 100, int chunkSize = 100, int seed = 0)
    {
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("Give at least one k, each at least 1.", nameof(ks));
        torch.manual_seed(seed);
        var samples = ks.Max();
        var count = (int)images.shape[0];
        var sums = new double[ks.Count];
        double meanLogWeight = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var logWeights = ImportanceWeightedBound.LogWeights(model, images.narrow(0, start, Math.Min(batchSize, count - start)), samples, likelihood, chunkSize);
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
}
