namespace VaeLab.Tests.Evaluation;

/// <summary>Factor tables and latent codes built by hand, with known disentanglement, for the metric tests.</summary>
internal static class ConstructedCodes
{
    public static readonly int[] SpriteSizes = [3, 4, 8, 8, 8];
    public static readonly string[] SpriteNames = ["shape", "scale", "rotation", "x", "y"];

    /// <summary>n rows of independent uniform factor indices.</summary>
    public static int[,] SampleFactors(int n, IReadOnlyList<int> sizes, int seed)
    {
        var random = new Random(seed);
        var factors = new int[n, sizes.Count];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < sizes.Count; k++) factors[i, k] = random.Next(sizes[k]);
        return factors;
    }

    /// <summary>Every combination of two factors with the given sizes once (a full grid, first factor slowest).</summary>
    public static int[,] FullGrid(int sizeA, int sizeB)
    {
        var factors = new int[sizeA * sizeB, 2];
        for (var a = 0; a < sizeA; a++)
            for (var b = 0; b < sizeB; b++) (factors[a * sizeB + b, 0], factors[a * sizeB + b, 1]) = (a, b);
        return factors;
    }

    /// <summary>Latent k = factor k + N(0, noise²), then <paramref name="extraNoiseLatents"/> columns of N(0, 1).</summary>
    public static double[,] Perfect(int[,] factors, double noise, int extraNoiseLatents, int seed)
    {
        var random = new Random(seed);
        var n = factors.GetLength(0);
        var k = factors.GetLength(1);
        var codes = new double[n, k + extraNoiseLatents];
        for (var i = 0; i < n; i++)
        {
            for (var f = 0; f < k; f++) codes[i, f] = factors[i, f] + noise * Gaussian(random);
            for (var e = 0; e < extraNoiseLatents; e++) codes[i, k + e] = Gaussian(random);
        }
        return codes;
    }

    /// <summary>n × latents of independent N(0, 1): a code that knows nothing about the factors.</summary>
    public static double[,] Noise(int n, int latents, int seed)
    {
        var random = new Random(seed);
        var codes = new double[n, latents];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < latents; j++) codes[i, j] = Gaussian(random);
        return codes;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
