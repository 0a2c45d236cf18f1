using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Sources;

/// <summary>
/// Where the trainer's and the evaluator's batches come from: tensors in memory (<see cref="TensorBatches"/>), a file read
/// as it goes (<see cref="IdxImageStream"/>), inputs paired with a condition (<see cref="PairedBatches"/>), or anything
/// else that yields what the model takes (e.g. one batch per replica of a batched ensemble, each in its own order).
/// </summary>
/// <typeparam name="TBatch">What the model's forward takes.</typeparam>
public interface IBatchSource<TBatch>
{
    /// <summary>Examples in one pass over the source.</summary>
    long Count { get; }

    /// <summary>
    /// One pass in batches of at most <paramref name="batchSize"/> examples: in a random order drawn from
    /// <paramref name="shuffle"/>, or in stored order when it is null. Called inside the epoch's dispose scope (anything it
    /// prepares, like the permutation, lives for the epoch); each batch is produced when enumerated, inside the step's scope.
    /// </summary>
    IEnumerable<TBatch> Epoch(long batchSize, Generator? shuffle);

    /// <summary>Checks the data once before training (the model's <see cref="Models.IValidatesData"/> rule), with a one-line error.</summary>
    void Validate(Action<Tensor, string> check, string what);
}

/// <summary>Sizes shared by the batch sources.</summary>
public static class BatchSource
{
    /// <summary>Steps of one pass: ⌈count / min(batchSize, count)⌉.</summary>
    public static int StepsPerEpoch<TBatch>(this IBatchSource<TBatch> source, long batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var size = Math.Min(batchSize, source.Count);
        return checked((int)((source.Count + size - 1) / size));
    }

    /// <summary>
    /// The example indices of one pass: null for the stored order (no shuffle, or one batch holding everything), else a
    /// permutation drawn from <paramref name="shuffle"/> (torch's randperm).
    /// </summary>
    public static Tensor? Order(long count, long batchSize, Generator? shuffle) =>
        shuffle is null || batchSize >= count ? null : randperm(count, generator: shuffle);
}
