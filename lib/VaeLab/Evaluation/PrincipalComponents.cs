using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>Projection onto principal components, to draw latents of more than two dimensions.</summary>
public static class PrincipalComponents
{
    /// <summary>
    /// The centred rows of <paramref name="points"/> [n, D] projected onto their first <paramref name="components"/>
    /// principal directions (right singular vectors, largest first), Float64 [n, components]. Each direction's sign is
    /// fixed so that its largest-magnitude coordinate is positive, so the picture does not flip between runs.
    /// </summary>
    public static Tensor Project(Tensor points, int components = 2)
    {
        if (points.dim() != 2 || components < 1 || components > Math.Min(points.shape[0], points.shape[1]))
            throw new ArgumentException($"Need points [n, D] and 1 ≤ components ≤ min(n, D); got [{string.Join(", ", points.shape)}] and {components}.");
        using var scope = NewDisposeScope();
        var x = points.detach().to_type(ScalarType.Float64);
        var centred = x - x.mean([0L], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        var directions = vh.narrow(0, 0, components);                                   // [c, D]
        var largest = directions.abs().argmax(1, keepdim: true);
        var signs = directions.gather(1, largest).sign();
        return centred.mm((directions * signs).t()).MoveToOuterDisposeScope();
    }
}
