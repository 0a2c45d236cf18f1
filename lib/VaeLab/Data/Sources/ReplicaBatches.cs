using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Sources;

/// <summary>
/// Batches for a replica-batched model (R models whose weights are stacked on a leading axis and trained as one, e.g.
/// several seeds at once): one data set [N, …] read by every replica, each replica in its own order. A batch is
/// [R, B, …]: row r holds replica r's next B examples. Shuffled, replica r's permutation of each epoch is drawn from a
/// generator seeded by its own seed (<see cref="Seeds"/>[r]) mixed with one number drawn from the trainer's epoch
/// generator, so replicas see different orders, a replica's order does not depend on which other replicas run beside it,
/// and a run is reproducible from its seeds. In stored order (evaluation) every replica reads the same rows.
/// Sizes count replica-examples, so the trainer's averages are averages over replicas: <see cref="Count"/> is R·N, and
/// a batch size of R·B gives every replica B examples per step (ask the trainer for a multiple of R).
/// </summary>
public sealed class ReplicaBatches : IBatchSource<Tensor>
{
    public ReplicaBatches(Tensor data, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() < 1 || data.shape[0] < 1)
            throw new ArgumentException($"Data must be a non-empty batch [N, ...]; got [{string.Join(", ", data.shape)}].");
        if (seeds is null || seeds.Count == 0) throw new ArgumentException("Give one seed per replica (at least one).");
        Data = data;
        Seeds = seeds.ToArray();
    }

    /// <summary>The examples every replica reads, [N, …].</summary>
    public Tensor Data { get; }

    /// <summary>Replica r's shuffling seed.</summary>
    public IReadOnlyList<int> Seeds { get; }

    public int Replicas => Seeds.Count;

    /// <summary>Examples per replica, N.</summary>
    public long Examples => Data.shape[0];

    /// <summary>R·N: every replica passes over all N examples once per epoch.</summary>
    public long Count => Replicas * Examples;

    /// <summary>
    /// One pass in batches [R, B, …] with B = <paramref name="batchSize"/> / R (the last batch may be smaller). Shuffled,
    /// <paramref name="batchSize"/> must be a multiple of R, so the trainer's step count (⌈R·N / batch size⌉) is every
    /// replica's; in stored order a batch size that is not a multiple is rounded down to one (B ≥ 1).
    /// </summary>
    public IEnumerable<Tensor> Epoch(long batchSize, Generator? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (shuffle is not null && batchSize < Count && batchSize % Replicas != 0)
            throw new ArgumentException($"A shuffled pass over {Replicas} replicas needs a batch size that is a multiple of {Replicas} " +
                                        $"(B examples per replica times {Replicas}); got {batchSize}.");
        var perReplica = Math.Max(1, Math.Min(Examples, batchSize / Replicas));
        // Drawn here, not in the iterator: the orders must live for the whole epoch, not the first step's scope.
        return Gather(Orders(perReplica, shuffle), perReplica);
    }

    public void Validate(Action<Tensor, string> check, string what) => check(Data, what);

    /// <summary>
    /// Replica r's permutation of the N examples for one epoch, [R, N]; null in stored order (no shuffle, or one batch
    /// holding everything).
    /// </summary>
    public Tensor? Orders(long perReplicaBatch, Generator? shuffle)
    {
        if (shuffle is null || perReplicaBatch >= Examples) return null;
        var epochDraw = (ulong)randint(long.MaxValue, [1], dtype: ScalarType.Int64, generator: shuffle).item<long>();
        var orders = Seeds.Select(seed =>
        {
            using var generator = new Generator(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ epochDraw);
            return randperm(Examples, generator: generator);
        }).ToList();
        var stacked = stack(orders, 0);
        foreach (var order in orders) order.Dispose();
        return stacked;
    }

    private IEnumerable<Tensor> Gather(Tensor? orders, long perReplica)
    {
        var rest = Data.shape[1..];
        for (long start = 0; start < Examples; start += perReplica)
        {
            var size = Math.Min(perReplica, Examples - start);
            yield return orders is null
                ? Data.narrow(0, start, size).unsqueeze(0).expand([Replicas, size, .. rest])
                : Data.index_select(0, orders.narrow(1, start, size).flatten()).view([Replicas, size, .. rest]);
        }
    }
}
