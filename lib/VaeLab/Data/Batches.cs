using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// The one way the library walks a data set in batches outside training: consecutive slices along the first axis, each
/// visited without gradient inside its own dispose scope, so memory stays flat however large the set. <see cref="Map"/>
/// concatenates per-batch results, <see cref="Sum"/> adds per-batch numbers, <see cref="ForEach"/> just visits.
/// </summary>
public static class Batches
{
    /// <summary>The [start, size) ranges of the batches of a set of <paramref name="count"/> rows.</summary>
    public static IEnumerable<(long Start, long Size)> Ranges(long count, long batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (long start = 0; start < count; start += batchSize)
            yield return (start, Math.Min(batchSize, count - start));
    }

    /// <summary>
    /// <paramref name="map"/> of every batch of <paramref name="data"/> [N, …], without gradient, concatenated along the first
    /// axis (each result must have the batch's rows first). The per-batch work is disposed as it goes; the result is not.
    /// </summary>
    public static Tensor Map(Tensor data, long batchSize, Func<Tensor, Tensor> map)
    {
        CheckData(data);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        foreach (var (start, size) in Ranges(data.shape[0], batchSize))
        {
            using var inner = NewDisposeScope();
            parts.Add(map(data.narrow(0, start, size)).MoveToOuterDisposeScope());
        }
        return (parts.Count == 1 ? parts[0] : cat(parts, 0)).MoveToOuterDisposeScope();
    }

    /// <summary>Two per-batch results at once (e.g. posterior means and log-variances), each concatenated.</summary>
    public static (Tensor First, Tensor Second) Map(Tensor data, long batchSize, Func<Tensor, (Tensor, Tensor)> map)
    {
        CheckData(data);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (firsts, seconds) = (new List<Tensor>(), new List<Tensor>());
        foreach (var (start, size) in Ranges(data.shape[0], batchSize))
        {
            using var inner = NewDisposeScope();
            var (first, second) = map(data.narrow(0, start, size));
            firsts.Add(first.MoveToOuterDisposeScope());
            seconds.Add(second.MoveToOuterDisposeScope());
        }
        return (cat(firsts, 0).MoveToOuterDisposeScope(), cat(seconds, 0).MoveToOuterDisposeScope());
    }

    /// <summary>The sum over batches of <paramref name="measure"/> (e.g. a per-batch sum of log-likelihoods), without gradient.</summary>
    public static double Sum(Tensor data, long batchSize, Func<Tensor, double> measure)
    {
        var total = 0.0;
        ForEach(data, batchSize, batch => total += measure(batch));
        return total;
    }

    /// <summary>Visits every batch (with its first row's index) without gradient, each in its own dispose scope.</summary>
    public static void ForEach(Tensor data, long batchSize, Action<Tensor> visit) => ForEach(data, batchSize, (batch, _) => visit(batch));

    /// <inheritdoc cref="ForEach(Tensor, long, Action{Tensor})"/>
    public static void ForEach(Tensor data, long batchSize, Action<Tensor, long> visit)
    {
        CheckData(data);
        using var noGrad = no_grad();
        foreach (var (start, size) in Ranges(data.shape[0], batchSize))
        {
            using var inner = NewDisposeScope();
            visit(data.narrow(0, start, size), start);
        }
    }

    private static void CheckData(Tensor data)
    {
        if (data.dim() < 1 || data.shape[0] < 1)
            throw new ArgumentException($"Give a non-empty batch of examples [N, …]; got [{string.Join(", ", data.shape)}].");
    }
}
