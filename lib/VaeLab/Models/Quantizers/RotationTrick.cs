using static TorchSharp.torch;

namespace VaeLab.Models.Quantizers;

/// <summary>
/// The rotation trick (Fifty et al. 2024, "Restructuring Vector Quantization with the Rotation Trick", §4): a
/// replacement for the straight-through copy through a vector quantiser. Each encoder output z is carried to its code e
/// by a rotation and a rescaling treated as constants,
/// <code>
/// q = sg[λ R] z,   λ = ‖e‖ / ‖z‖,   R = I − 2 r rᵀ + 2 ê ẑᵀ,   r = (ẑ + ê) / ‖ẑ + ê‖,
/// </code>
/// (ẑ, ê the unit vectors; R ẑ = ê), so forward q = e, and backward ∂L/∂z = λ Rᵀ ∂L/∂q: the decoder's gradient is
/// turned by the angle between z and its code and scaled by their length ratio, where straight-through passes it
/// unchanged. R is applied as two inner products per vector, never built as a D × D matrix.
/// </summary>
public static class RotationTrick
{
    // Guards the divisions for a zero vector (an encoder output or a code exactly at the origin).
    private const double Epsilon = 1e-8;

    /// <summary>
    /// Rows <paramref name="inputs"/> [M, D] (encoder outputs, with gradient) and their chosen <paramref name="codes"/>
    /// [M, D]: returns the codes' values, with the gradient to <paramref name="inputs"/> of λ R z (none to the codes).
    /// </summary>
    public static Tensor Apply(Tensor inputs, Tensor codes)
    {
        if (inputs.dim() != 2 || !inputs.shape.SequenceEqual(codes.shape))
            throw new ArgumentException($"The rotation trick takes rows [M, D] and codes of the same shape; got [{string.Join(", ", inputs.shape)}] and [{string.Join(", ", codes.shape)}].");
        var z = inputs.detach();
        var e = codes.detach();
        var zNorm = z.norm(1, keepdim: true).clamp_min(Epsilon);
        var eNorm = e.norm(1, keepdim: true).clamp_min(Epsilon);
        var zHat = z / zNorm;
        var eHat = e / eNorm;
        var sum = zHat + eHat;
        var r = sum / sum.norm(1, keepdim: true).clamp_min(Epsilon);
        // λ R x = λ (x − 2 r (r·x) + 2 ê (ẑ·x)), linear in x = inputs with every factor detached.
        var rotated = inputs - 2 * r * (r * inputs).sum(1, keepdim: true) + 2 * eHat * (zHat * inputs).sum(1, keepdim: true);
        var moved = eNorm / zNorm * rotated;
        // Forward λ R z equals e up to rounding; adding the detached difference makes it exactly the code.
        return moved + (e - moved).detach();
    }
}
