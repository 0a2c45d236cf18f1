namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Where two factors (e.g. a sprite's x and y) live in a code: the pair of latents (<see cref="First"/>,
/// <see cref="Second"/>) that predicts both best, how well (<see cref="RSquaredA"/>, <see cref="RSquaredB"/>: linear
/// regression of each factor on the pair), and the directions in that plane along which each factor moves
/// (<see cref="DirectionA"/>, <see cref="DirectionB"/>, from the least-squares fit pair = M·(a, b) + c).
/// <see cref="AngleA"/> is the angle of factor a's direction from the first latent's axis (degrees, −180…180);
/// <see cref="Misalignment"/> how far it is from the nearest latent axis (0° = on an axis, 45° = halfway between);
/// <see cref="AngleBetween"/> the angle between the two factors' directions (90° = orthogonal).
/// </summary>
public sealed record LatentPlane(
    int First,
    int Second,
    double RSquaredA,
    double RSquaredB,
    (double First, double Second) DirectionA,
    (double First, double Second) DirectionB)
{
    public double AngleA => Math.Atan2(DirectionA.Second, DirectionA.First) * 180 / Math.PI;

    public double AngleB => Math.Atan2(DirectionB.Second, DirectionB.First) * 180 / Math.PI;

    public double Misalignment
    {
        get
        {
            var folded = ((AngleA % 90) + 90) % 90;
            return Math.Min(folded, 90 - folded);
        }
    }

    public double AngleBetween
    {
        get
        {
            var d = Math.Abs(AngleA - AngleB) % 360;
            return d > 180 ? 360 - d : d;
        }
    }

    /// <summary>
    /// The codes with the pair turned by −<see cref="AngleA"/> about the origin, so that factor a moves along the first
    /// latent of the pair; the other latents are unchanged. A rotation keeps all the information in the pair: only
    /// which axis carries it changes, which is what a per-axis metric such as MIG sees.
    /// </summary>
    public double[,] RotateBack(double[,] codes) => Rotate(codes, First, Second, -AngleA);

    /// <summary>The codes with latents <paramref name="first"/> and <paramref name="second"/> rotated by <paramref name="degrees"/>.</summary>
    public static double[,] Rotate(double[,] codes, int first, int second, double degrees)
    {
        var result = (double[,])codes.Clone();
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        for (var i = 0; i < codes.GetLength(0); i++)
        {
            var u = codes[i, first];
            var v = codes[i, second];
            result[i, first] = cos * u - sin * v;
            result[i, second] = sin * u + cos * v;
        }
        return result;
    }

    /// <summary>
    /// Finds the pair of latents among <paramref name="candidates"/> (default: all) whose linear fit explains factors
    /// <paramref name="a"/> and <paramref name="b"/> best (largest R²(a) + R²(b)), then fits both factors' directions in it.
    /// </summary>
    public static LatentPlane Find(double[,] codes, double[] a, double[] b, IReadOnlyList<int>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var n = codes.GetLength(0);
        if (a.Length != n || b.Length != n)
            throw new ArgumentException($"Give one value of each factor per code row; got {n} rows, {a.Length} and {b.Length} values.");
        var latents = candidates ?? Enumerable.Range(0, codes.GetLength(1)).ToArray();
        if (latents.Count < 2) throw new ArgumentException($"A plane needs at least 2 candidate latents; got {latents.Count}.");
        if (latents.Any(j => j < 0 || j >= codes.GetLength(1)))
            throw new ArgumentException($"Candidate latents must lie in 0…{codes.GetLength(1) - 1}.");
        LatentPlane? best = null;
        for (var p = 0; p < latents.Count; p++)
            for (var q = p + 1; q < latents.Count; q++)
            {
                var (j, k) = (latents[p], latents[q]);
                var u = FactorCodeInput.Column(codes, j);
                var v = FactorCodeInput.Column(codes, k);
                var r2a = RSquared(u, v, a);
                var r2b = RSquared(u, v, b);
                if (best is null || r2a + r2b > best.RSquaredA + best.RSquaredB)
                    best = new LatentPlane(j, k, r2a, r2b, default, default);
            }
        var first = FactorCodeInput.Column(codes, best!.First);
        var second = FactorCodeInput.Column(codes, best.Second);
        // pair = M·(a, b) + c: each latent of the pair regressed on the two factors; M's columns are the directions.
        var (m00, m01) = Fit(a, b, first);
        var (m10, m11) = Fit(a, b, second);
        return best with { DirectionA = (m00, m10), DirectionB = (m01, m11) };
    }

    /// <summary>R² of the least-squares fit target ≈ w₁u + w₂v + c.</summary>
    internal static double RSquared(double[] u, double[] v, double[] target)
    {
        var (wu, wv) = Fit(u, v, target);
        double mean = target.Average(), mu = u.Average(), mv = v.Average(), residual = 0, total = 0;
        for (var i = 0; i < target.Length; i++)
        {
            var prediction = mean + wu * (u[i] - mu) + wv * (v[i] - mv);
            residual += (target[i] - prediction) * (target[i] - prediction);
            total += (target[i] - mean) * (target[i] - mean);
        }
        return total > 0 ? 1 - residual / total : 0;
    }

    /// <summary>The two slopes of the least-squares fit target ≈ w₁u + w₂v + c (0 for a direction with no variance).</summary>
    internal static (double U, double V) Fit(double[] u, double[] v, double[] target)
    {
        double mu = u.Average(), mv = v.Average(), mt = target.Average();
        double suu = 0, svv = 0, suv = 0, sut = 0, svt = 0;
        for (var i = 0; i < u.Length; i++)
        {
            double du = u[i] - mu, dv = v[i] - mv, dt = target[i] - mt;
            suu += du * du; svv += dv * dv; suv += du * dv; sut += du * dt; svt += dv * dt;
        }
        var det = suu * svv - suv * suv;
        if (Math.Abs(det) < 1e-12 * Math.Max(1e-300, suu * svv))
            return (suu > 0 ? sut / suu : 0, 0);
        return ((svv * sut - suv * svt) / det, (suu * svt - suv * sut) / det);
    }
}
