using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// A classifier two-sample test (Lopez-Paz &amp; Oquab 2017) with the classifier that needs no training: pool two sets of
/// points, label them by set, and classify each point by the majority of its k nearest other points (leave-one-out).
/// If the two sets come from one distribution no classifier can beat chance, so the accuracy is near ½ (slightly below
/// it with leave-one-out on equal sets); the further above ½, the more the distributions differ where points lie.
/// </summary>
public static class TwoSampleTest
{
    /// <summary>Leave-one-out k-nearest-neighbour accuracy at telling rows of <paramref name="first"/> [N, D] from rows of
    /// <paramref name="second"/> [M, D].</summary>
    public static double NearestNeighbourAccuracy(Tensor first, Tensor second, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.dim() != 2 || second.dim() != 2 || first.shape[1] != second.shape[1])
            throw new ArgumentException($"Give two sets of points with the same dimension, [N, D] and [M, D]; got [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}].");
        using var scope = NewDisposeScope();
        var pooled = cat([first.detach().to_type(ScalarType.Float64), second.detach().to_type(ScalarType.Float64)], 0);
        var labels = Enumerable.Repeat(0L, (int)first.shape[0]).Concat(Enumerable.Repeat(1L, (int)second.shape[0])).ToArray();
        return NearestNeighbours.LeaveOneOutAccuracy(pooled, labels, k);
    }
}
