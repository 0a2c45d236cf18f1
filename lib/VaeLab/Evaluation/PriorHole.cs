using TorchSharp;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// How far a Gaussian VAE's aggregate posterior q(z) = E_x q(z|x) is from its prior N(0, I), three ways: the share of
/// prior draws that land in a "hole" (where q(z) is thinner than at 99 % of q's own draws; by construction about 1 % of
/// fresh draws from q itself land there), a nearest-neighbour two-sample test between draws from q(z) and from p(z)
/// (accuracy ½ when they are one distribution), and the Gaussian with q's exact moments against N(0, I).
/// </summary>
public sealed record PriorHoleMeasurement(double PriorShareInHoles, double AggregateShareInHoles, double TwoSampleAccuracy,
    AggregateMoments Moments, double HoleThreshold)
{
    /// <summary>Encodes <paramref name="images"/> (their q(z|x)) and measures with <paramref name="draws"/> draws from each side.</summary>
    public static (PriorHoleMeasurement Measurement, AggregatePosterior Aggregate) Measure(IGaussianVae vae, Tensor images, int draws, long seed)
    {
        ArgumentNullException.ThrowIfNull(vae);
        var aggregate = Encode(vae, images);
        return (Measure(aggregate, draws, seed), aggregate);
    }

    public static PriorHoleMeasurement Measure(AggregatePosterior aggregate, int draws, long seed)
    {
        using var scope = NewDisposeScope();
        var threshold = aggregate.HoleThreshold(0.01, draws, seed);
        using var generator = new Generator((ulong)(seed + 1));
        var prior = randn([draws, aggregate.Dimension], generator: generator);
        var fresh = aggregate.Sample(draws, seed + 2);
        var accuracy = TwoSampleTest.NearestNeighbourAccuracy(fresh, prior);
        return new PriorHoleMeasurement(aggregate.ShareBelow(prior, threshold), aggregate.ShareBelow(fresh, threshold), accuracy,
            aggregate.Moments(), threshold);
    }

    /// <summary>q(z|x_n) of every image, as the aggregate posterior (encoder in evaluation mode, no gradient).</summary>
    public static AggregatePosterior Encode(IGaussianVae vae, Tensor images)
    {
        var module = (nn.Module)vae;
        var wasTraining = module.training;
        module.eval();
        try
        {
            var (means, logVariances) = Data.Batches.Map(images, 1000, x => vae.Encode(x));
            using (means)
            using (logVariances)
                return new AggregatePosterior(means, logVariances);
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}

/// <summary>Prior draws ranked by the aggregate posterior's density at them (for showing what a hole decodes to).</summary>
public static class PriorDraws
{
    /// <summary>
    /// Of <paramref name="draws"/> seeded draws z ~ N(0, I), the <paramref name="take"/> where q(z) is thinnest and the
    /// <paramref name="take"/> where it is densest, each [take, D], with their log q(z).
    /// </summary>
    public static (Tensor Thinnest, Tensor Densest, double[] ThinnestLogQ, double[] DensestLogQ) Ranked(AggregatePosterior aggregate, int draws, int take, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2 * take);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var z = randn([draws, aggregate.Dimension], generator: generator);
        var logQ = aggregate.LogDensity(z);
        var thin = logQ.topk(take, largest: false, sorted: true).indexes;
        var dense = logQ.topk(take, largest: true, sorted: true).indexes;
        return (z.index_select(0, thin).MoveToOuterDisposeScope(), z.index_select(0, dense).MoveToOuterDisposeScope(),
            logQ.index_select(0, thin).data<double>().ToArray(), logQ.index_select(0, dense).data<double>().ToArray());
    }
}
