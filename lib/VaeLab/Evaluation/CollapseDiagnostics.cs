using TorchSharp;
using VaeLab.Data;
using VaeLab.Models;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// How much a latent code is used, measured on one set of examples: the average KL(q(z | x) ‖ p(z)) in total and per
/// dimension, the active units (Burda et al. 2016), the mutual information I(x; z) under q (Hoffman &amp; Johnson
/// 2016; He et al. 2019's estimator) and, when labels are known, the accuracy of a nearest-centroid read-out of the
/// label from the posterior means (centroids fitted on a separate set).
/// </summary>
public sealed record LatentUsage(int Epoch, double Kl, double[] KlPerDimension, int ActiveUnits, double MutualInformation, double LabelAccuracy)
{
    public override string ToString() =>
        $"KL {Kl:F2} nats, {ActiveUnits} of {KlPerDimension.Length} units active, I(x; z) ≈ {MutualInformation:F2} nats, label read-out accuracy {LabelAccuracy:F3}";
}

/// <summary>Diagnostics of posterior collapse for VAEs with a diagonal-Gaussian posterior (autoregressive decoders above all), once or after every epoch of training.</summary>
public static class CollapseDiagnostics
{
    /// <summary>
    /// <see cref="LatentUsage"/> of <paramref name="model"/> on <paramref name="data"/> (labels
    /// <paramref name="labels"/>), with the read-out's centroids fitted on the posterior means of
    /// <paramref name="fitData"/> / <paramref name="fitLabels"/>. The MI estimate draws from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static LatentUsage Measure(ILatentVariableModel model, Tensor fitData, IReadOnlyList<int> fitLabels, Tensor data, IReadOnlyList<int> labels, int seed = 0, int epoch = 0)
    {
        if (fitData.shape[0] != fitLabels.Count || data.shape[0] != labels.Count)
            throw new ArgumentException($"Each row needs a label: {fitData.shape[0]} fit rows with {fitLabels.Count} labels, {data.shape[0]} rows with {labels.Count} labels.");
        using var scope = NewDisposeScope();
        var (fitMeans, _) = VaeEvaluation.GaussianPosteriors(model, fitData);
        var (means, logVariances) = VaeEvaluation.GaussianPosteriors(model, data);
        // KL(N(μ, σ²) ‖ N(0, 1)) per dimension, averaged over the rows (Kingma & Welling 2013, appendix B).
        var klPerDimension = (0.5 * (means.square() + logVariances.exp() - 1 - logVariances)).mean([0L]).to_type(ScalarType.Float64).data<double>().ToArray();
        var active = LatentDiagnostics.ActiveUnits(means);
        using var generator = new Generator((ulong)seed);
        var information = LatentDiagnostics.MutualInformation(means, logVariances, generator);
        var accuracy = NearestCentroid.Fit(fitMeans, fitLabels).Accuracy(means, labels);
        return new LatentUsage(epoch, klPerDimension.Sum(), klPerDimension, active.Count, information, accuracy);
    }

    /// <summary>
    /// A per-step probe for <see cref="Trainer.OnStep"/> that measures <see cref="LatentUsage"/> after the last step of
    /// every epoch (on small held-out sets, so it costs two encoder passes per epoch) and appends it to <paramref name="record"/>.
    /// </summary>
    public static Action<StepOutputs> EveryEpoch(ILatentVariableModel model, Tensor fitData, IReadOnlyList<int> fitLabels, Tensor data, IReadOnlyList<int> labels,
        List<LatentUsage> record, int seed = 0) => outputs =>
    {
        if (!outputs.Step.EndsEpoch) return;
        record.Add(Measure(model, fitData, fitLabels, data, labels, seed + outputs.Step.Epoch, outputs.Step.Epoch));
    };

    /// <summary>
    /// How much the decoder relies on z, in nats per example: E[log p(x_n | μ_n)] − E[log p(x_n | μ_π(n))], the
    /// log-likelihood of each example decoded from its own posterior mean minus that from the mean of another example
    /// (π a seeded shift). About 0 when the decoder ignores z (or z carries nothing); large when the decoder needs this
    /// example's code.
    /// </summary>
    public static double ShuffledLatentCost(ILatentVariableModel model, Tensor data, int seed = 0, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var n = data.shape[0];
        if (n < 2) throw new ArgumentException("Give at least two examples to swap codes between.");
        using var scope = NewDisposeScope();
        var means = VaeEvaluation.LatentMeans(model, data, batchSize);
        // A shift by a seeded offset in [1, n): every example gets another example's code.
        var offset = 1 + new Random(seed).NextInt64(n - 1);
        var shuffled = means.roll(offset, 0);
        double own = 0, other = 0;
        Batches.ForEach(data, batchSize, (x, start) =>
        {
            var size = x.shape[0];
            using var ownLikelihood = model.Likelihood(means.narrow(0, start, size));
            using var otherLikelihood = model.Likelihood(shuffled.narrow(0, start, size));
            own += ownLikelihood.log_prob(x).sum().ToDouble();
            other += otherLikelihood.log_prob(x).sum().ToDouble();
        });
        return (own - other) / n;
    }
}

/// <summary>One row of a posterior-collapse comparison: a method's test numbers, in nats per example.</summary>
/// <param name="Method">How the KL term was weighted (e.g. "cyclical:4:0.5").</param>
/// <param name="Usage">KL, active units, I(x; z) and label read-out accuracy on the test set.</param>
/// <param name="TestElbo">The test ELBO (KL weight 1, whatever the training objective).</param>
/// <param name="IwaeNll">−L_k on the test subset: an upper bound on the negative log-likelihood.</param>
/// <param name="IwaeSamples">k of <paramref name="IwaeNll"/>.</param>
/// <param name="ShuffledLatentCost">Nats lost when each example is decoded from another example's code.</param>
public sealed record CollapseResult(string Method, LatentUsage Usage, double TestElbo, double IwaeNll, int IwaeSamples, double ShuffledLatentCost)
{
    /// <summary>A fixed-width text table of the rows, one line each, with a header.</summary>
    public static string Table(IEnumerable<CollapseResult> rows)
    {
        var list = rows.ToList();
        var width = Math.Max(6, list.Max(r => r.Method.Length));
        var k = list.Count > 0 ? list[0].IwaeSamples : 0;
        var lines = new List<string>
        {
            $"{"method".PadRight(width)} │ {"KL",6} │ {"active",6} │ {"I(x;z)",6} │ {"topic acc",9} │ {"IWAE NLL",8} │ {"−ELBO",7} │ {"z-swap cost",11}",
            $"{new string('─', width)}─┼─{new string('─', 6)}─┼─{new string('─', 6)}─┼─{new string('─', 6)}─┼─{new string('─', 9)}─┼─{new string('─', 8)}─┼─{new string('─', 7)}─┼─{new string('─', 11)}",
        };
        lines.AddRange(list.Select(r =>
            $"{r.Method.PadRight(width)} │ {r.Usage.Kl,6:F2} │ {$"{r.Usage.ActiveUnits}/{r.Usage.KlPerDimension.Length}",6} │ {r.Usage.MutualInformation,6:F2} │ {r.Usage.LabelAccuracy,9:F3} │ {r.IwaeNll,8:F2} │ {-r.TestElbo,7:F2} │ {r.ShuffledLatentCost,11:F2}"));
        lines.Add($"(nats per sequence; IWAE NLL with k = {k}; lower NLL and −ELBO are better)");
        return string.Join("\n", lines);
    }
}
