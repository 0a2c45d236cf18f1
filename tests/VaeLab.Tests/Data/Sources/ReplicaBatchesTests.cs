using TorchSharp;
using VaeLab.Data.Sources;
using static TorchSharp.torch;

namespace VaeLab.Tests.Data.Sources;

/// <summary>Replica batches: [R, B, …], every replica a full permutation per epoch, in its own order drawn from its own seed.</summary>
public sealed class ReplicaBatchesTests
{
    // Example n of the data is the row [n, n + 100, n + 200]: a batch's first column names its examples.
    private static Tensor Data(long n) => stack([arange(n), arange(n) + 100, arange(n) + 200], 1);

    private static long[][] ReplicaOrders(ReplicaBatches source, long batchSize, ulong shuffleSeed)
    {
        using var shuffle = new Generator(shuffleSeed);
        var batches = source.Epoch(batchSize, shuffle).ToList();
        return Enumerable.Range(0, source.Replicas)
            .Select(r => batches.SelectMany(b => b[r].select(1, 0).data<long>().ToArray()).ToArray()).ToArray();
    }

    [Fact]
    public void EachReplicaVisitsEveryExampleOnceInItsOwnOrder()
    {
        using var scope = NewDisposeScope();
        var source = new ReplicaBatches(Data(10), [1, 2, 3]);
        Assert.Equal(30, source.Count);
        Assert.Equal(3, source.StepsPerEpoch(12));                       // ⌈30 / 12⌉ = ⌈10 / 4⌉
        using var shuffle = new Generator(9);
        var batches = source.Epoch(12, shuffle).ToList();
        Assert.Equal(new long[][] { [3, 4, 3], [3, 4, 3], [3, 2, 3] }, batches.Select(b => b.shape).ToArray());
        Assert.True(batches.All(b => b.select(2, 1).equal(b.select(2, 0) + 100).all().item<bool>()));    // whole rows, not mixed columns
        var orders = ReplicaOrders(source, 12, 9);
        foreach (var order in orders) Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), order.Order());
        Assert.NotEqual(orders[0], orders[1]);
        Assert.NotEqual(orders[1], orders[2]);
    }

    [Fact]
    public void AReplicasOrderDependsOnItsSeedAndTheEpochNotOnItsNeighbours()
    {
        using var scope = NewDisposeScope();
        var data = Data(50);
        var three = ReplicaOrders(new ReplicaBatches(data, [5, 7, 9]), 30, 4);
        var alone = ReplicaOrders(new ReplicaBatches(data, [7]), 10, 4);
        Assert.Equal(alone[0], three[1]);
        Assert.Equal(three, ReplicaOrders(new ReplicaBatches(data, [5, 7, 9]), 30, 4));              // reproducible
        Assert.NotEqual(three[1], ReplicaOrders(new ReplicaBatches(data, [5, 7, 9]), 30, 5)[1]);     // another epoch, another order
    }

    [Fact]
    public void StoredOrderGivesEveryReplicaTheSameRows()
    {
        using var scope = NewDisposeScope();
        var source = new ReplicaBatches(Data(7), [1, 2]);
        var batches = source.Epoch(7, shuffle: null).ToList();              // 7 is not a multiple of 2: rounded down to 3 per replica
        Assert.Equal(new long[][] { [2, 3, 3], [2, 3, 3], [2, 1, 3] }, batches.Select(b => b.shape).ToArray());
        Assert.True(batches.All(b => b[0].equal(b[1]).all().item<bool>()));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), batches.SelectMany(b => b[0].select(1, 0).data<long>().ToArray()));
        Assert.Single(source.Epoch(100, new Generator(1)));                    // one batch holds everything: [R, N, …]
    }

    [Fact]
    public void RefusesAShuffledBatchSizeThatIsNotAMultipleOfTheReplicas()
    {
        using var scope = NewDisposeScope();
        var source = new ReplicaBatches(Data(10), [1, 2, 3]);
        var error = Assert.Throws<ArgumentException>(() => source.Epoch(10, new Generator(1)));
        Assert.Contains("multiple of 3", error.Message);
        Assert.Throws<ArgumentException>(() => new ReplicaBatches(Data(10), []));
        Assert.Throws<ArgumentException>(() => new ReplicaBatches(zeros(0, 3), [1]));
    }
}
