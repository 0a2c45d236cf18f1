namespace VaeLab.Evaluation.Disentanglement;

/// <summary>A seeded random split of example indices into a training and a test part (used by SAP and DCI).</summary>
public sealed record TrainTestSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test)
{
    /// <summary>
    /// Shuffles 0 … count − 1 with System.Random(seed) and puts the first round(count · testFraction) indices in the
    /// test part. Same seed, same split.
    /// </summary>
    public static TrainTestSplit Make(int count, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction))
            throw new ArgumentException($"The test fraction must be strictly between 0 and 1; got {testFraction}.");
        var testCount = (int)Math.Round(count * testFraction);
        if (testCount < 1 || testCount > count - 1)
            throw new ArgumentException($"{count} examples with test fraction {testFraction} leave an empty train or test part; give more examples.");
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return new TrainTestSplit(order[testCount..], order[..testCount]);
    }
}
