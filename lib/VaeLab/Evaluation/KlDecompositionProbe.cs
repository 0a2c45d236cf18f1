using TorchSharp;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>One reading of the KL decomposition during training (nats per example).</summary>
public sealed record KlDecompositionPoint(long Step, double IndexCodeMutualInformation, double TotalCorrelation, double DimensionWiseKl)
{
    /// <summary>The three terms' sum: the Monte Carlo estimate of the mean KL(q(z|x) ‖ p(z)) on the probe set.</summary>
    public double Kl => IndexCodeMutualInformation + TotalCorrelation + DimensionWiseKl;
}

/// <summary>
/// A per-step probe for <see cref="Trainer.OnStep"/> that, every <see cref="Every"/> steps (and at the last step),
/// encodes a fixed probe set of images and records the β-TCVAE decomposition of its KL (Chen et al. 2018, eq. 2) with
/// the given estimator of q(z), over a data set of <see cref="DatasetSize"/> examples. The probe's z samples are drawn
/// from its own seed and torch's global generator is restored, so probing does not change the training run.
/// </summary>
public sealed class KlDecompositionProbe
{
    private readonly ILatentVariableModel model;
    private readonly Tensor images;
    private readonly List<KlDecompositionPoint> points = [];

    /// <param name="model">The model being trained.</param>
    /// <param name="probeImages">The fixed probe set (e.g. 1,024 training images); its size M is the estimator's batch.</param>
    /// <param name="datasetSize">N, the number of training examples.</param>
    /// <param name="every">Probe every so many steps.</param>
    /// <param name="estimator">How q(z) is estimated (stratified: no offset in the TC, so the values read directly).</param>
    /// <param name="seed">Seed of the probe's z samples.</param>
    public KlDecompositionProbe(ILatentVariableModel model, Tensor probeImages, long datasetSize, int every,
        AggregatePosteriorEstimator estimator = AggregatePosteriorEstimator.Stratified, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(probeImages);
        if (probeImages.dim() < 1 || probeImages.shape[0] < 2)
            throw new ArgumentException($"The probe set needs at least 2 images; got shape [{string.Join(", ", probeImages.shape)}].");
        if (datasetSize < probeImages.shape[0])
            throw new ArgumentException($"The data-set size ({datasetSize}) cannot be smaller than the probe set ({probeImages.shape[0]}).");
        if (every < 1) throw new ArgumentException($"Probe at least every step (every ≥ 1); got {every}.");
        this.model = model;
        images = probeImages;
        DatasetSize = datasetSize;
        Every = every;
        Estimator = estimator;
        Seed = seed;
    }

    public long DatasetSize { get; }
    public int Every { get; }
    public AggregatePosteriorEstimator Estimator { get; }
    public int Seed { get; }

    /// <summary>The readings so far, in step order.</summary>
    public IReadOnlyList<KlDecompositionPoint> Points => points;

    /// <summary>Pass this to <see cref="Trainer.OnStep"/>.</summary>
    public void OnStep(StepOutputs report)
    {
        var step = report.Step;
        var last = step.GlobalStep == (long)step.StepsPerEpoch * step.TotalEpochs - 1;
        if (step.GlobalStep % Every != 0 && !last) return;
        points.Add(Measure(step.GlobalStep + 1));
    }

    /// <summary>Reads the decomposition now, labelled with <paramref name="step"/>.</summary>
    public KlDecompositionPoint Measure(long step)
    {
        using var random = TorchRandom.Seeded(Seed);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var posterior = VaeEvaluation.RequireGaussian(model.Posterior(images));
        var (mean, logVariance) = (posterior.mean, posterior.LogVariance);
        var z = mean + (0.5 * logVariance).exp() * randn_like(mean);
        using var terms = KlDecomposition.Estimate(mean.to_type(ScalarType.Float64), logVariance.to_type(ScalarType.Float64),
            z.to_type(ScalarType.Float64), DatasetSize, Estimator);
        return new KlDecompositionPoint(step, terms.IndexCodeMutualInformation.item<double>(), terms.TotalCorrelation.item<double>(),
            terms.DimensionWiseKl.item<double>());
    }
}
