using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Sources;

/// <summary>
/// Batches of a tensor held in memory, [N, …]: slices in stored order, or rows gathered along a permutation when shuffled.
/// One batch holding every example is the tensor itself (full-batch training).
/// </summary>
public sealed class TensorBatches : IBatchSource<Tensor>
{
    public TensorBatches(Tensor data)
    {
        if (data.dim() < 1 || data.shape[0] < 1)
            throw new ArgumentException($"Data must be a non-empty batch [N, ...]; got [{string.Join(", ", data.shape)}].");
        Data = data;
    }

    public Tensor Data { get; }

    public long Count => Data.shape[0];

    public IEnumerable<Tensor> Epoch(long batchSize, Generator? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Gather(Data, BatchSource.Order(Count, batchSize, shuffle), batchSize);
    }

    public void Validate(Action<Tensor, string> check, string what) => check(Data, what);

    /// <summary>The batches of <paramref name="data"/> along <paramref name="order"/> (or in stored order when null).</summary>
    internal static IEnumerable<Tensor> Gather(Tensor data, Tensor? order, long batchSize)
    {
        var count = data.shape[0];
        if (batchSize >= count)
        {
            yield return data;
            yield break;
        }
        for (long start = 0; start < count; start += batchSize)
        {
            var size = Math.Min(batchSize, count - start);
            yield return order is null ? data.narrow(0, start, size) : data.index_select(0, order.narrow(0, start, size));
        }
    }
}
