using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>The result of a nearest-centroid read-out on a train/test split.</summary>
/// <param name="TrainAccuracy">Accuracy on the rows the centroids were fitted on.</param>
/// <param name="TestAccuracy">Accuracy on the held-out rows: the number to report.</param>
/// <param name="MajorityBaseline">Test accuracy of always answering the most frequent training class.</param>
public sealed record NearestCentroidReadout(double TrainAccuracy, double TestAccuracy, int TrainCount, int TestCount, double MajorityBaseline)
{
    public override string ToString() =>
        $"nearest-centroid accuracy {TestAccuracy:P1} on {TestCount:N0} held-out rows (train {TrainAccuracy:P1}, majority class {MajorityBaseline:P1})";
}

/// <summary>
/// A nearest-centroid classifier: one mean vector per class, each row assigned to the class whose centroid is
/// closest in Euclidean distance. Used as a read-out of what a latent code knows about a label (e.g. the topic from
/// posterior means): it is linear and has no capacity to speak of, so a high accuracy means the code itself separates
/// the classes. Distances are on the raw features (no rescaling); ties go to the smaller class label.
/// </summary>
public sealed class NearestCentroid
{
    private readonly double[] centroids; // [classes × dimension], row-major

    private NearestCentroid(int[] classes, double[] centroids, int dimension)
    {
        Classes = classes;
        this.centroids = centroids;
        Dimension = dimension;
    }

    /// <summary>The class labels seen in training, ascending.</summary>
    public IReadOnlyList<int> Classes { get; }

    public int Dimension { get; }

    /// <summary>The centroid of <see cref="Classes"/>[c].</summary>
    public double[] Centroid(int c) => centroids.AsSpan(c * Dimension, Dimension).ToArray();

    /// <summary>Class means of the rows of <paramref name="features"/> [N, D].</summary>
    public static NearestCentroid Fit(Tensor features, IReadOnlyList<int> labels)
    {
        var (flat, n, d) = Flatten(features);
        return Fit(flat, n, d, labels);
    }

    public static NearestCentroid Fit(double[][] features, IReadOnlyList<int> labels)
    {
        var (flat, n, d) = Flatten(features);
        return Fit(flat, n, d, labels);
    }

    public int[] Predict(Tensor features)
    {
        var (flat, n, d) = Flatten(features);
        return Predict(flat, n, d);
    }

    public int[] Predict(double[][] features)
    {
        var (flat, n, d) = Flatten(features);
        return Predict(flat, n, d);
    }

    public double Accuracy(Tensor features, IReadOnlyList<int> labels) => AccuracyOf(Predict(features), labels);

    public double Accuracy(double[][] features, IReadOnlyList<int> labels) => AccuracyOf(Predict(features), labels);

    /// <summary>
    /// Fits on a random (1 − testFraction) share of the rows and scores the rest; the split is a shuffle by
    /// System.Random(<paramref name="seed"/>).
    /// </summary>
    public static NearestCentroidReadout Evaluate(Tensor features, IReadOnlyList<int> labels, double testFraction = 0.2, int seed = 0)
    {
        var (flat, n, d) = Flatten(features);
        return Evaluate(flat, n, d, labels, testFraction, seed);
    }

    public static NearestCentroidReadout Evaluate(double[][] features, IReadOnlyList<int> labels, double testFraction = 0.2, int seed = 0)
    {
        var (flat, n, d) = Flatten(features);
        return Evaluate(flat, n, d, labels, testFraction, seed);
    }

    /// <summary>Fits on the given training rows and scores the given test rows.</summary>
    public static NearestCentroidReadout Evaluate(Tensor trainFeatures, IReadOnlyList<int> trainLabels, Tensor testFeatures, IReadOnlyList<int> testLabels)
    {
        var model = Fit(trainFeatures, trainLabels);
        return Readout(model.Predict(trainFeatures), trainLabels, model.Predict(testFeatures), testLabels);
    }

    public static NearestCentroidReadout Evaluate(double[][] trainFeatures, IReadOnlyList<int> trainLabels, double[][] testFeatures, IReadOnlyList<int> testLabels)
    {
        var model = Fit(trainFeatures, trainLabels);
        return Readout(model.Predict(trainFeatures), trainLabels, model.Predict(testFeatures), testLabels);
    }

    private static NearestCentroidReadout Evaluate(double[] flat, int n, int d, IReadOnlyList<int> labels, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentException($"The test fraction must be in (0, 1); got {testFraction}.");
        CheckLabels(labels, n);
        var testCount = (int)Math.Round(n * testFraction);
        if (testCount < 1 || testCount > n - 1)
            throw new ArgumentException($"A test fraction of {testFraction} of {n} rows leaves {testCount} test and {n - testCount} training rows; each side needs at least one.");
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var (testX, testY) = Take(flat, d, labels, order.AsSpan(0, testCount));
        var (trainX, trainY) = Take(flat, d, labels, order.AsSpan(testCount));
        var model = Fit(trainX, n - testCount, d, trainY);
        return Readout(model.Predict(trainX, n - testCount, d), trainY, model.Predict(testX, testCount, d), testY);
    }

    private static NearestCentroid Fit(double[] flat, int n, int d, IReadOnlyList<int> labels)
    {
        CheckLabels(labels, n);
        var classes = labels.Distinct().Order().ToArray();
        var index = new Dictionary<int, int>();
        for (var c = 0; c < classes.Length; c++) index[classes[c]] = c;
        var sums = new double[classes.Length * d];
        var counts = new int[classes.Length];
        for (var i = 0; i < n; i++)
        {
            var c = index[labels[i]];
            counts[c]++;
            for (var j = 0; j < d; j++) sums[c * d + j] += flat[i * d + j];
        }
        for (var c = 0; c < classes.Length; c++)
        for (var j = 0; j < d; j++) sums[c * d + j] /= counts[c];
        return new NearestCentroid(classes, sums, d);
    }

    private int[] Predict(double[] flat, int n, int d)
    {
        if (d != Dimension)
            throw new ArgumentException($"The classifier was fitted on {Dimension}-dimensional rows; got {d}-dimensional ones.");
        var predictions = new int[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < Classes.Count; c++)
            {
                var distance = 0.0;
                for (var j = 0; j < d; j++)
                {
                    var diff = flat[i * d + j] - centroids[c * d + j];
                    distance += diff * diff;
                }
                if (distance < bestDistance) { bestDistance = distance; best = c; } // strict: ties keep the smaller label
            }
            predictions[i] = Classes[best];
        }
        return predictions;
    }

    private static NearestCentroidReadout Readout(int[] trainPredicted, IReadOnlyList<int> trainLabels, int[] testPredicted, IReadOnlyList<int> testLabels)
    {
        var majority = trainLabels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var baseline = testLabels.Count(l => l == majority) / (double)testLabels.Count;
        return new NearestCentroidReadout(AccuracyOf(trainPredicted, trainLabels), AccuracyOf(testPredicted, testLabels),
            trainLabels.Count, testLabels.Count, baseline);
    }

    private static double AccuracyOf(int[] predicted, IReadOnlyList<int> labels)
    {
        CheckLabels(labels, predicted.Length);
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++) if (predicted[i] == labels[i]) correct++;
        return correct / (double)predicted.Length;
    }

    private static (double[] X, int[] Y) Take(double[] flat, int d, IReadOnlyList<int> labels, ReadOnlySpan<int> rows)
    {
        var x = new double[rows.Length * d];
        var y = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            Array.Copy(flat, rows[r] * d, x, r * d, d);
            y[r] = labels[rows[r]];
        }
        return (x, y);
    }

    private static void CheckLabels(IReadOnlyList<int> labels, int rows)
    {
        if (labels.Count != rows)
            throw new ArgumentException($"There are {rows} rows but {labels.Count} labels; give one label per row.");
    }

    private static (double[] Flat, int N, int D) Flatten(Tensor features)
    {
        if (features.dim() != 2 || features.shape[0] < 1 || features.shape[1] < 1)
            throw new ArgumentException($"Features must be [N, D] with N, D ≥ 1; got [{string.Join(", ", features.shape)}].");
        using var asDouble = features.detach().to(ScalarType.Float64, CPU).contiguous();
        return (asDouble.data<double>().ToArray(), (int)features.shape[0], (int)features.shape[1]);
    }

    private static (double[] Flat, int N, int D) Flatten(double[][] features)
    {
        if (features.Length == 0 || features[0].Length == 0 || features.Any(r => r.Length != features[0].Length))
            throw new ArgumentException("Features must be a non-empty set of rows of one non-zero length.");
        var d = features[0].Length;
        var flat = new double[features.Length * d];
        for (var i = 0; i < features.Length; i++) Array.Copy(features[i], 0, flat, i * d, d);
        return (flat, features.Length, d);
    }
}
