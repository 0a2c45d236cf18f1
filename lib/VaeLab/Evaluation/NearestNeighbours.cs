using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// k-nearest-neighbour classification of points (e.g. latent codes) by their labels, a direct measure of how well
/// classes separate in a space: each point is given the majority label of its k nearest other points (Euclidean;
/// a tie goes to the tied label whose member is nearest).
/// </summary>
public static class NearestNeighbours
{
    /// <summary>
    /// Leave-one-out accuracy: the share of points whose k nearest other points (the point itself excluded) vote for
    /// its own label. <paramref name="points"/> is [N, D]; <paramref name="labels"/> has N entries.
    /// </summary>
    public static double LeaveOneOutAccuracy(Tensor points, IReadOnlyList<long> labels, int k = 5, int chunkSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.dim() != 2) throw new ArgumentException($"Points must be [N, D]; got [{string.Join(", ", points.shape)}].", nameof(points));
        var count = (int)points.shape[0];
        if (labels.Count != count) throw new ArgumentException($"Give one label per point: {count} points, {labels.Count} labels.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (k >= count) throw new ArgumentException($"k = {k} needs more than k points; got {count}.", nameof(k));
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);

        using var noGrad = no_grad();
        using var all = points.detach().to_type(ScalarType.Float64);
        var correct = 0;
        for (var first = 0; first < count; first += chunkSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(chunkSize, count - first);
            var distances = cdist(all.narrow(0, first, size), all);                          // [size, N]
            distances.index_put_(double.PositiveInfinity, arange(size), arange(first, first + size));
            var nearest = distances.topk(k, dim: 1, largest: false, sorted: true).indexes.data<long>().ToArray();
            for (var i = 0; i < size; i++)
            {
                var votes = nearest.Skip(i * k).Take(k).Select(j => labels[(int)j]).ToList();
                var winner = votes.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => votes.IndexOf(g.Key)).First().Key;
                if (winner == labels[first + i]) correct++;
            }
        }
        return (double)correct / count;
    }
}
