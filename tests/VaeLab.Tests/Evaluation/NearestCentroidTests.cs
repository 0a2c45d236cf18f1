using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class NearestCentroidTests
{
    [Fact]
    public void InOneDimensionItIsSapsNearestClassMeanClassifier()
    {
        // Class means 0 (class 2), 1 (class 0) and 10 (class 1); boundaries at 0.5 and 5.5.
        var classifier = NearestCentroid.Fit([[-1], [1], [0.5], [1.5], [9], [11]], [2, 2, 0, 0, 1, 1]);
        Assert.Equal([2, 2, 0, 0, 1, 1], classifier.Predict([[-50], [0.49], [0.51], [5.49], [5.51], [99]]));
        // Exactly between two means: the lower class.
        Assert.Equal([0], classifier.Predict([[0.5]]));
    }

    [Fact]
    public void CentroidsArePerClassMeansAndPredictionsTheClosestCentroid()
    {
        double[][] x = [[0, 0], [2, 0], [10, 10], [12, 14], [0, 20]];
        int[] y = [5, 5, 1, 1, 9];
        var model = NearestCentroid.Fit(x, y);
        Assert.Equal([1, 5, 9], model.Classes);
        Assert.Equal([11.0, 12.0], model.Centroid(0));
        Assert.Equal([1.0, 0.0], model.Centroid(1));
        Assert.Equal([0.0, 20.0], model.Centroid(2));
        // (6, 6) is 61 from class 5's (1, 0) and 61 from class 1's (11, 12): a tie, which goes to the smaller label.
        Assert.Equal([5, 1, 9, 1], model.Predict([[1, 1], [9, 9], [1, 19], [6, 6]]));
        Assert.Equal(0.75, model.Accuracy([[1, 1], [9, 9], [1, 19], [6, 6]], [5, 1, 9, 5]));
    }

    [Fact]
    public void SeparableClustersAreReadPerfectly()
    {
        // Four classes at the corners of a square of side 10, noise σ = 1: every point is nearer its own centre.
        var random = new Random(3);
        const int n = 800;
        var rows = new float[n * 3];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 4;
            rows[3 * i] = (float)(10 * (labels[i] % 2) + Normal(random));
            rows[3 * i + 1] = (float)(10 * (labels[i] / 2) + Normal(random));
            rows[3 * i + 2] = (float)Normal(random); // a dimension that carries nothing
        }
        using var features = tensor(rows, [n, 3]);
        var readout = NearestCentroid.Evaluate(features, labels, testFraction: 0.25, seed: 1);
        Assert.Equal(1.0, readout.TestAccuracy);
        Assert.Equal(1.0, readout.TrainAccuracy);
        Assert.Equal(200, readout.TestCount);
        Assert.Equal(600, readout.TrainCount);
        Assert.InRange(readout.MajorityBaseline, 0.15, 0.35);
    }

    [Fact]
    public void FeaturesUnrelatedToTheLabelsReadAtChance()
    {
        var random = new Random(4);
        const int n = 2000;
        var x = Enumerable.Range(0, n).Select(_ => new[] { Normal(random), Normal(random) }).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.Next(2)).ToArray();
        var readout = NearestCentroid.Evaluate(x, y, testFraction: 0.3, seed: 5);
        // 600 test rows: chance is 0.5 with standard error 0.02; four standard errors either side.
        Assert.InRange(readout.TestAccuracy, 0.42, 0.58);
        Assert.InRange(readout.MajorityBaseline, 0.42, 0.58);
    }

    [Fact]
    public void TheSplitIsSeededAndExplicitSplitsAreHonoured()
    {
        var random = new Random(6);
        var x = Enumerable.Range(0, 300).Select(i => new[] { (i % 3) + 1.5 * Normal(random) }).ToArray();
        var y = Enumerable.Range(0, 300).Select(i => i % 3).ToArray();
        Assert.Equal(NearestCentroid.Evaluate(x, y, 0.2, seed: 8), NearestCentroid.Evaluate(x, y, 0.2, seed: 8));
        Assert.NotEqual(NearestCentroid.Evaluate(x, y, 0.2, seed: 8), NearestCentroid.Evaluate(x, y, 0.2, seed: 9));

        // Train on the first two classes' rows only: test rows of class 2 can never be right.
        double[][] train = [[0], [1], [10], [11]];
        int[] trainY = [0, 0, 1, 1];
        using var trainTensor = tensor(new double[] { 0, 1, 10, 11 }, [4, 1]);
        using var testTensor = tensor(new double[] { 0.2, 10.4, 20 }, [3, 1]);
        var readout = NearestCentroid.Evaluate(trainTensor, trainY, testTensor, [0, 1, 2]);
        Assert.Equal(2.0 / 3, readout.TestAccuracy, 12);
        Assert.Equal(1.0, readout.TrainAccuracy);
        Assert.Equal(1.0 / 3, readout.MajorityBaseline, 12); // majority training class 0 (tie 0/1 → smaller label)
        Assert.Equal(readout, NearestCentroid.Evaluate(train, trainY, [[0.2], [10.4], [20]], [0, 1, 2]));
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        double[][] x = [[0, 0], [1, 1], [2, 2]];
        Assert.Contains("3 rows but 2 labels", Assert.Throws<ArgumentException>(() => NearestCentroid.Fit(x, [0, 1])).Message);
        Assert.Contains("test fraction must be in (0, 1)", Assert.Throws<ArgumentException>(() => NearestCentroid.Evaluate(x, [0, 1, 0], 1.0)).Message);
        Assert.Contains("each side needs at least one", Assert.Throws<ArgumentException>(() => NearestCentroid.Evaluate(x, [0, 1, 0], 0.1)).Message);
        var model = NearestCentroid.Fit(x, [0, 1, 0]);
        Assert.Contains("fitted on 2-dimensional rows", Assert.Throws<ArgumentException>(() => model.Predict([[1.0, 2, 3]])).Message);
        using var flat = zeros(5);
        Assert.Throws<ArgumentException>(() => NearestCentroid.Fit(flat, [0, 0, 0, 0, 0]));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
