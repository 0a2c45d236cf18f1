using VaeLab.Evaluation;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ClassifierFrechetTests
{
    [Fact]
    public void ASetScoresZeroAgainstItselfAndNoiseScoresMoreThanAnotherDrawOfTheSameImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var classifier = new ImageClassifier();
        // Smooth random blobs as "images": a fixed distribution, so two draws of it are closer than noise is to either.
        var images = VaeLab.Data.GaussianBlur.Apply(rand(400, 28, 28), 1.5);
        using var metric = new ClassifierFrechet(classifier, images.narrow(0, 0, 200));
        Assert.Equal(0.0, metric.Score(images.narrow(0, 0, 200)), 6);
        var other = metric.Score(images.narrow(0, 200, 200));
        var noise = metric.Score(rand(200, 28, 28));
        Assert.True(noise > other, $"noise {noise} vs a second draw {other}");
        Assert.Equal([400L, 64L], ClassifierFrechet.FeaturesOf(classifier, images).shape);
    }

    [Fact]
    public void TheThreeChecksFailWhenTheirConditionFails()
    {
        var good = new MetricCheck(500, 0.5, 120, [(0.5, 0.6), (1.0, 0.8), (2.0, 2.7)]);
        Assert.True(good.HalvesNearZero && good.NoiseFarthest && good.BlurRankedMonotonically);
        Assert.False((good with { Halves = 1.3 }).HalvesNearZero);                               // 1.3 ≥ 1 % of 120
        Assert.False((good with { Noise = 2.0 }).NoiseFarthest);                                 // the strongest blur scores worse than noise
        Assert.False((good with { Blurred = [(0.5, 0.6), (1.0, 0.55), (2.0, 2.7)] }).BlurRankedMonotonically);
    }

    [Fact]
    public void AccuracyCountsCorrectLabels()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var classifier = new ImageClassifier();
        var images = rand(50, 28, 28);
        var predicted = classifier.Logits(images).argmax(1);
        Assert.Equal(1.0, ClassifierFrechet.Accuracy(classifier, images, predicted), 12);
        Assert.Equal(0.0, ClassifierFrechet.Accuracy(classifier, images, predicted.neg() + 9), 12);   // 9 − p ≠ p for every integer class
    }
}
