namespace VaeLab.Data;

/// <summary>
/// Draws one binary sprite by direct rasterisation: a pixel is lit when its centre lies inside the shape. Each shape
/// is defined in unit coordinates inside the unit circle, so at any rotation a sprite of scale s covers at most a
/// disc of radius s·<see cref="SpriteGrid.MaxRadius"/> around its centre, and the position range keeps that disc
/// inside the image (<see cref="SpriteGrid.RangeX"/>, <see cref="SpriteGrid.RangeY"/> shrink that range). No anti-aliasing and no randomness: the same factors give the same bytes.
/// </summary>
public static class SpriteRenderer
{
    /// <summary>Renders into <paramref name="target"/> (size × size bytes, row-major, 1 = lit, 0 = background).</summary>
    /// <param name="x">Horizontal position in [0, 1] (left to right).</param>
    /// <param name="y">Vertical position in [0, 1] (top to bottom).</param>
    public static void Render(SpriteShape shape, double scale, double rotation, double x, double y, SpriteGrid grid, Span<byte> target)
    {
        var size = grid.ImageSize;
        if (target.Length != size * size)
            throw new ArgumentException($"Target must hold {size}×{size} = {size * size} bytes; got {target.Length}.", nameof(target));
        if (!(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be in (0, 1].");
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) throw new ArgumentOutOfRangeException(nameof(x), $"Position ({x}, {y}) must lie in [0, 1]².");

        var radius = grid.MaxRadius * scale;
        // The centre moves over [margin, size - margin], margin = the largest radius plus one pixel, so that no
        // border pixel centre is ever inside a shape (a lit border would clip the shape and tell where the edge is).
        var margin = grid.MaxRadius + 1;
        var centreX = margin + SpriteGrid.SpanFraction(x, grid.RangeX) * (size - 2 * margin);
        var centreY = margin + SpriteGrid.SpanFraction(y, grid.RangeY) * (size - 2 * margin);
        var (sin, cos) = Math.SinCos(rotation);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                var dx = (column + 0.5 - centreX) / radius;
                var dy = (row + 0.5 - centreY) / radius;
                // Rotate the pixel by -rotation into the shape's own frame.
                var u = cos * dx + sin * dy;
                var v = -sin * dx + cos * dy;
                target[row * size + column] = Inside(shape, u, v) ? (byte)1 : (byte)0;
            }
        }
    }

    /// <summary>Whether (u, v) (unit coordinates, v pointing down) lies inside the shape.</summary>
    internal static bool Inside(SpriteShape shape, double u, double v)
    {
        switch (shape)
        {
            case SpriteShape.Square:
                // Half side 1/√2: the corners touch the unit circle.
                return Math.Abs(u) <= Math.Sqrt(0.5) && Math.Abs(v) <= Math.Sqrt(0.5);
            case SpriteShape.Ellipse:
                // Semi-axes 1 and 1/2.
                return u * u + 4 * v * v <= 1;
            case SpriteShape.Heart:
                {
                    // The heart curve (p² + q² − 1)³ − p²q³ ≤ 0 spans p ∈ ±1.14, q ∈ [−1, 1.24]; every point lies within
                    // 1.25 of (0, 0.25), so scaling by 1.25 around that point fits it in the unit circle. q points up.
                    var p = 1.25 * u;
                    var q = -1.25 * v + 0.25;
                    var r = p * p + q * q - 1;
                    return r * r * r - p * p * q * q * q <= 0;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape.");
        }
    }
}
