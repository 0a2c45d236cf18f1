using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class LatentPlaneTests
{
    /// <summary>
    /// x and y on an 8 × 8 grid (each cell 32 times, so that the binned MI of the noise latents with a factor, whose
    /// plug-in estimate is biased upwards by about (bins − 1)(values − 1)/(2·rows) nats, stays small), written into
    /// latents 1 and 3 turned by <paramref name="degrees"/>; latents 0 and 2 are noise.
    /// </summary>
    private static (double[,] Codes, double[] X, double[] Y, int[,] Factors) RotatedPosition(double degrees, int seed = 1)
    {
        var random = new Random(seed);
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var codes = new double[64 * 32, 4];
        var x = new double[codes.GetLength(0)];
        var y = new double[codes.GetLength(0)];
        var factors = new int[codes.GetLength(0), 2];
        for (var i = 0; i < codes.GetLength(0); i++)
        {
            var (a, b) = (i / 8 % 8, i % 8);
            (x[i], y[i], factors[i, 0], factors[i, 1]) = (a / 7.0, b / 7.0, a, b);
            var (u, v) = (x[i] - 0.5, y[i] - 0.5);
            codes[i, 1] = cos * u - sin * v + 0.002 * random.NextDouble();
            codes[i, 3] = sin * u + cos * v + 0.002 * random.NextDouble();
            codes[i, 0] = random.NextDouble();
            codes[i, 2] = random.NextDouble();
        }
        return (codes, x, y, factors);
    }

    [Fact]
    public void Finds_the_pair_its_angle_and_turns_it_back_onto_the_axes()
    {
        var (codes, x, y, factors) = RotatedPosition(35);
        var plane = LatentPlane.Find(codes, x, y);
        Assert.Equal((1, 3), (plane.First, plane.Second));
        Assert.InRange(plane.RSquaredA, 0.999, 1);
        Assert.InRange(plane.RSquaredB, 0.999, 1);
        Assert.Equal(35, plane.AngleA, 0.5);
        Assert.Equal(125, plane.AngleB, 0.5);
        Assert.Equal(90, plane.AngleBetween, 0.5);
        Assert.Equal(35, plane.Misalignment, 0.5);

        var names = new[] { "x", "y" };
        var before = MutualInformationGap.Compute(codes, factors, names);
        var after = MutualInformationGap.Compute(plane.RotateBack(codes), factors, names);
        // Turned back, each factor sits in one latent alone: the gap is the whole entropy (8 values, 20 bins) less the
        // noise latents' small plug-in MI (≈ 0.03 of log 8 at 2,048 rows).
        Assert.All(after.PerFactor, g => Assert.InRange(g, 0.95, 1.0));
        Assert.All(before.PerFactor, g => Assert.InRange(g, 0.0, 0.8));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 10)]
    [InlineData(100, 10)]
    [InlineData(-80, 10)]
    [InlineData(135, 45)]
    [InlineData(170, 10)]
    public void Misalignment_is_the_distance_to_the_nearest_axis(double degrees, double expected)
    {
        var (codes, x, y, _) = RotatedPosition(degrees);
        Assert.Equal(expected, LatentPlane.Find(codes, x, y).Misalignment, 0.5);
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        var (codes, x, y, _) = RotatedPosition(0);
        Assert.Contains("one value of each factor", Assert.Throws<ArgumentException>(() => LatentPlane.Find(codes, x[..10], y)).Message);
        Assert.Contains("at least 2 candidate", Assert.Throws<ArgumentException>(() => LatentPlane.Find(codes, x, y, [1])).Message);
        Assert.Contains("0…3", Assert.Throws<ArgumentException>(() => LatentPlane.Find(codes, x, y, [1, 7])).Message);
    }
}
