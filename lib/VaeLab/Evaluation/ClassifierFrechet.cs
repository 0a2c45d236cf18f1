using TorchSharp;
using VaeLab.Data;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// An FID-like sample-quality score: the Fréchet distance (<see cref="FrechetDistance"/>) between the Gaussians fitted to
/// a small classifier's hidden features of a set of images and of a reference set (the test images). It follows the FID's
/// recipe (Heusel et al. 2017) with a classifier trained on the data set itself instead of ImageNet's Inception network,
/// so its values compare methods within one run and are not comparable with published FIDs.
/// </summary>
public sealed class ClassifierFrechet : IDisposable
{
    private readonly ImageClassifier classifier;
    private readonly FeatureMoments reference;

    public ClassifierFrechet(ImageClassifier classifier, Tensor referenceImages)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        this.classifier = classifier;
        ReferenceCount = referenceImages.shape[0];
        using var features = Features(referenceImages);
        var moments = FeatureMoments.Of(features);
        // Kept for the metric's lifetime, whatever dispose scope the caller is in.
        reference = new FeatureMoments(moments.Mean.DetachFromDisposeScope(), moments.Covariance.DetachFromDisposeScope());
    }

    public long ReferenceCount { get; }

    /// <summary>d² between the features of <paramref name="images"/> and the reference images'.</summary>
    public double Score(Tensor images)
    {
        using var features = Features(images);
        var moments = FeatureMoments.Of(features);
        try
        {
            return FrechetDistance.Between(moments, reference);
        }
        finally
        {
            moments.Mean.Dispose();
            moments.Covariance.Dispose();
        }
    }

    /// <summary>The classifier's hidden features of <paramref name="images"/>, in evaluation mode, in batches.</summary>
    public Tensor Features(Tensor images) => FeaturesOf(classifier, images);

    public static Tensor FeaturesOf(ImageClassifier classifier, Tensor images, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var wasTraining = classifier.training;
        classifier.eval();
        try
        {
            return Batches.Map(images, batchSize, classifier.Features);
        }
        finally
        {
            classifier.train(wasTraining);
        }
    }

    /// <summary>The share of <paramref name="images"/> the classifier labels correctly.</summary>
    public static double Accuracy(ImageClassifier classifier, Tensor images, Tensor labels)
    {
        var wasTraining = classifier.training;
        classifier.eval();
        try
        {
            using var scope = NewDisposeScope();
            var predicted = Batches.Map(images, 1000, x => classifier.Logits(x).argmax(1));
            return predicted.eq(labels.to_type(ScalarType.Int64)).to_type(ScalarType.Float64).mean().item<double>();
        }
        finally
        {
            classifier.train(wasTraining);
        }
    }

    /// <summary>
    /// Three checks that the score means what it should on this data: two disjoint halves of <paramref name="test"/>
    /// (their distance is the floor a perfect sampler of this size reaches), uniform noise images (far), and the second
    /// half blurred by each σ in <paramref name="blurSigmas"/> (should grow with σ), all against the first half.
    /// </summary>
    public static MetricCheck Check(ImageClassifier classifier, Tensor test, IReadOnlyList<double> blurSigmas, long seed)
    {
        var half = test.shape[0] / 2;
        using var scope = NewDisposeScope();
        var first = test.narrow(0, 0, half);
        var second = test.narrow(0, half, half);
        using var metric = new ClassifierFrechet(classifier, first);
        using var generator = new Generator((ulong)seed);
        var noise = rand(second.shape, generator: generator);
        var blurred = blurSigmas.Select(s => (s, metric.Score(GaussianBlur.Apply(second, s)))).ToList();
        return new MetricCheck(half, metric.Score(second), metric.Score(noise), blurred);
    }

    public void Dispose()
    {
        reference.Mean.Dispose();
        reference.Covariance.Dispose();
    }
}

/// <summary>
/// What <see cref="ClassifierFrechet.Check"/> measured — the two-halves floor, noise, and blurred copies by σ — and its
/// three checks. The distance has no natural unit, so "near 0" and "far" are judged against each other: real against
/// real must be under 1 % of real against noise, and noise must score worse than every blurred copy of real images.
/// </summary>
public sealed record MetricCheck(long HalfSize, double Halves, double Noise, IReadOnlyList<(double Sigma, double Distance)> Blurred)
{
    /// <summary>The share of the noise distance below which real-against-real counts as near 0.</summary>
    public const double NearZeroShare = 0.01;

    /// <summary>Check 1: two halves of the test set score under <see cref="NearZeroShare"/> of the noise distance.</summary>
    public bool HalvesNearZero => Halves < NearZeroShare * Noise;

    /// <summary>Check 2: uniform noise scores worse than every blurred copy of the real images.</summary>
    public bool NoiseFarthest => Blurred.All(b => Noise > b.Distance);

    /// <summary>Check 3: the distance grows with every step of blur.</summary>
    public bool BlurRankedMonotonically => Blurred.Zip(Blurred.Skip(1), (a, b) => b.Distance > a.Distance).All(x => x);
}
