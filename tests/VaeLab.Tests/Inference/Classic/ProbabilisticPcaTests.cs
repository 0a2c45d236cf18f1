using VaeLab.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Inference.Classic;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Classic;

public class ProbabilisticPcaTests
{
    [Fact]
    public void ClosedFormOnADiagonalCovarianceMatchesHandComputation()
    {
        // S = diag(4, 2, 0.5), σ² = 1: W = diag(√3, 1, 0); the third direction has less variance than the noise.
        var pca = ProbabilisticPca.FromCovariance([1, -1, 0], Diagonal(4, 2, 0.5), latentDimension: 3, noiseVariance: 1);
        Assert.Equal([4, 2, 0.5], pca.Eigenvalues);
        Assert.Equal([false, false, true], pca.Collapsed);
        Assert.Equal(2, pca.ActiveCount);
        AssertMatrix(Diagonal(Math.Sqrt(3), 1, 0), pca.Weights, 12);
        // V = M⁻¹Wᵀ: row i = √(λ_i − σ²)/λ_i u_iᵀ → diag(√3/4, 1/2, 0); c = −V μ; s² = σ²/λ_i or 1.
        AssertMatrix(Diagonal(Math.Sqrt(3) / 4, 0.5, 0), pca.EncoderWeights, 12);
        Assert.Equal(-Math.Sqrt(3) / 4, pca.EncoderBias[0], 12);
        Assert.Equal(0.5, pca.EncoderBias[1], 12);
        Assert.Equal(0, pca.EncoderBias[2]);
        Assert.Equal([0.25, 0.5, 1.0], pca.EncoderVariances);
        Assert.Equal(0.5 * Math.Log(4), pca.KlPerDimension[0], 12);
        Assert.Equal(0.5 * Math.Log(2), pca.KlPerDimension[1], 12);
        Assert.Equal(0.0, pca.KlPerDimension[2]); // exactly
        // −½[D log 2π + log 4 + log 2 + (D − a) log σ² + a + 0.5/σ²] with a = 2.
        var expected = -0.5 * (3 * Math.Log(2 * Math.PI) + Math.Log(4) + Math.Log(2) + 2 + 0.5);
        Assert.Equal(expected, pca.MeanLogLikelihood, 12);
        Assert.Equal(expected, pca.MeanElbo(), 12); // the optimal encoder makes the bound tight
    }

    [Fact]
    public void LatentDimensionBelowTheDataDimensionKeepsTheLargestDirections()
    {
        // Rotated covariance with eigenvalues 9, 3, 2, 0.2 and k = 2: the two columns span u_1, u_2; the rest is noise.
        var q = RandomRotation(4, seed: 21);
        var pca = ProbabilisticPca.FromCovariance(new double[4], Rotated(q, [9, 3, 2, 0.2]), latentDimension: 2, noiseVariance: 0.5);
        Assert.Equal([9, 3, 2, 0.2], pca.Eigenvalues.Select(v => Math.Round(v, 10)));
        for (var i = 0; i < 2; i++)
        {
            var alignment = Enumerable.Range(0, 4).Sum(a => pca.Eigenvectors[a, i] * q[a, i]);
            Assert.Equal(1, Math.Abs(alignment), 10);
            var norm = Math.Sqrt(Enumerable.Range(0, 4).Sum(a => pca.Weights[a, i] * pca.Weights[a, i]));
            Assert.Equal(Math.Sqrt(pca.Eigenvalues[i] - 0.5), norm, 10);
        }
        var expected = -0.5 * (4 * Math.Log(2 * Math.PI) + Math.Log(9) + Math.Log(3) + 2 * Math.Log(0.5) + 2 + (2 + 0.2) / 0.5);
        Assert.Equal(expected, pca.MeanLogLikelihood, 10);
        Assert.Equal(expected, pca.MeanElbo(), 10);
    }

    [Fact]
    public void MeanLogLikelihoodIsTheAverageExactLogDensityOfTheData()
    {
        var data = DataWithExactCovariance([3, 1.5, 0.6], RandomRotation(3, seed: 22), [2, 0, -1], count: 200, seed: 23);
        var pca = ProbabilisticPca.Fit(data, latentDimension: 3, noiseVariance: 0.8);
        var model = pca.ToModel();
        Assert.Equal(data.Average(model.LogEvidence), pca.MeanLogLikelihood, 9);
        Assert.Equal([3, 1.5, 0.6], pca.Eigenvalues.Select(v => Math.Round(v, 9)));
        Assert.Equal([false, false, true], pca.Collapsed);
    }

    [Fact]
    public void AdamOnTheLinearVaeElboFindsTheClosedFormOptimum()
    {
        // D = 6, k = 4, σ² = 1, eigenvalues 5, 3, 1.6 | 0.7, 0.4, 0.2: three latent dimensions should be used with
        // KL ½ log λ (0.805, 0.549, 0.235 nats) and the fourth collapse to the prior.
        double[] eigenvalues = [5, 3, 1.6, 0.7, 0.4, 0.2];
        const int d = 6, k = 4;
        const double noiseVariance = 1;
        var data = DataWithExactCovariance(eigenvalues, RandomRotation(d, seed: 31), [1, 0, -2, 0.5, 0, 3], count: 1000, seed: 32);
        var pca = ProbabilisticPca.Fit(data, k, noiseVariance);
        Assert.Equal([false, false, false, true], pca.Collapsed);

        using var scope = NewDisposeScope();
        var x = tensor(data.SelectMany(r => r).ToArray(), [data.Length, d], dtype: ScalarType.Float64);
        var generator = new Generator(33);
        var w = new Parameter(0.1 * randn([d, k], dtype: ScalarType.Float64, generator: generator));
        var b = new Parameter(zeros(d, dtype: ScalarType.Float64));
        var v = new Parameter(0.1 * randn([k, d], dtype: ScalarType.Float64, generator: generator));
        var c = new Parameter(zeros(k, dtype: ScalarType.Float64));
        var logS2 = new Parameter(zeros(k, dtype: ScalarType.Float64));
        var optimizer = optim.Adam([w, b, v, c, logS2], lr: LearningRate);
        double elbo = double.NaN;
        for (var step = 0; step < Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var mean = x.mm(v.t()) + c;
            var logVariance = logS2.expand(data.Length, k);
            var meanElbo = LinearGaussianElbo.Elbo(x, mean, logVariance, w, b, noiseVariance).mean();
            (-meanElbo).backward();
            optimizer.step();
            elbo = meanElbo.item<double>();
        }

        using var noGrad = no_grad();
        double[] klPerDimension;
        using (var q = DiagonalNormal.FromLogVariance(x.mm(v.t()) + c, logS2.expand(data.Length, k)))
            klPerDimension = GaussianKl.ToStandardNormal(q).mean([0L]).data<double>().ToArray();
        var sorted = klPerDimension.OrderDescending().ToArray(); // latent order and signs are arbitrary for Adam

        // The bound: never above the log-likelihood, and at the optimum equal to it. Measured gap after 600 steps:
        // below 1e-6 nats (about 1e-4 after 400); 1e-4 leaves room for platform differences in the arithmetic.
        Assert.True(elbo <= pca.MeanLogLikelihood + 1e-9, $"ELBO {elbo} above log p(x) {pca.MeanLogLikelihood}");
        Assert.True(pca.MeanLogLikelihood - elbo < 1e-4, $"Adam's ELBO {elbo} is {pca.MeanLogLikelihood - elbo:E2} below the closed-form optimum");
        // Same dead dimension, switched off to numerical zero: 1e-3 nats is 200× below the smallest live KL (0.235).
        Assert.Equal(pca.Collapsed.Count(z => z), sorted.Count(kl => kl < 1e-3));
        // Live KLs ½ log λ within 0.005 nats: 2 % of the smallest, enough to tell every dimension apart, and 5× the
        // error measured already after 400 steps (7e-4).
        for (var i = 0; i < k; i++) Assert.Equal(pca.KlPerDimension[i], sorted[i], 0.005);

        // The covariance-only ELBO of LinearVae agrees with the row-by-row one at Adam's parameters.
        var covarianceElbo = LinearVae.AverageElbo(pca.Mean, pca.Covariance, ToMatrix(w), ToVector(b), noiseVariance, ToMatrix(v), ToVector(c), ToVector(logS2.exp()));
        Assert.Equal(elbo, covarianceElbo, 8);
        Assert.Equal(klPerDimension, LinearVae.AverageKlPerDimension(pca.Mean, pca.Covariance, ToMatrix(v), ToVector(c), ToVector(logS2.exp())), new ToleranceComparer(1e-9));
    }

    [Fact]
    public void BadInputsAreRejectedWithAReason()
    {
        var s = Diagonal(2, 1);
        Assert.Contains("between 1 and the data dimension 2", Assert.Throws<ArgumentException>(() => ProbabilisticPca.FromCovariance([0, 0], s, 3, 1)).Message);
        Assert.Contains("σ² must be a finite number > 0", Assert.Throws<ArgumentException>(() => ProbabilisticPca.FromCovariance([0, 0], s, 1, 0)).Message);
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => ProbabilisticPca.FromCovariance([0, 0], new[,] { { 1.0, 0.5 }, { 0.2, 1.0 } }, 1, 1)).Message);
        Assert.Contains("negative eigenvalue", Assert.Throws<ArgumentException>(() => ProbabilisticPca.FromCovariance([0, 0], new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } }, 1, 1)).Message);
        Assert.Contains("must be 2×2", Assert.Throws<ArgumentException>(() => ProbabilisticPca.FromCovariance([0, 0], Diagonal(1, 1, 1), 1, 1)).Message);
        Assert.Throws<ArgumentException>(() => ProbabilisticPca.Fit([[1.0, 2.0], [3.0]], 1, 1));
        Assert.Contains("Shapes do not fit", Assert.Throws<ArgumentException>(() =>
            LinearVae.AverageElbo([0, 0], s, new double[2, 1], [0, 0], 1, new double[2, 2], [0], [1])).Message);
    }

    private const int Steps = 600;
    private const double LearningRate = 0.05;

    /// <summary>Rows whose mean is exactly <paramref name="mean"/> and whose (1/N) covariance is exactly Q diag(λ) Qᵀ.</summary>
    private static double[][] DataWithExactCovariance(double[] eigenvalues, double[,] rotation, double[] mean, int count, int seed)
    {
        var d = eigenvalues.Length;
        var random = new Random(seed);
        var z = new double[count, d];
        for (var n = 0; n < count; n++) for (var a = 0; a < d; a++) z[n, a] = SpecialFunctions.StandardNormal(random);
        // Centre, then whiten by the Cholesky factor of the sample covariance, so the draws have covariance I exactly.
        for (var a = 0; a < d; a++)
        {
            var m = 0.0;
            for (var n = 0; n < count; n++) m += z[n, a] / count;
            for (var n = 0; n < count; n++) z[n, a] -= m;
        }
        var covariance = new double[d, d];
        for (var n = 0; n < count; n++) for (var a = 0; a < d; a++) for (var e = 0; e < d; e++) covariance[a, e] += z[n, a] * z[n, e] / count;
        var l = SmallMatrix.Cholesky(covariance);
        var rows = new double[count][];
        for (var n = 0; n < count; n++)
        {
            var white = new double[d]; // solve L w = z_n
            for (var a = 0; a < d; a++)
            {
                var s = z[n, a];
                for (var e = 0; e < a; e++) s -= l[a, e] * white[e];
                white[a] = s / l[a, a];
            }
            rows[n] = new double[d];
            for (var a = 0; a < d; a++)
            {
                rows[n][a] = mean[a];
                for (var e = 0; e < d; e++) rows[n][a] += rotation[a, e] * Math.Sqrt(eigenvalues[e]) * white[e];
            }
        }
        return rows;
    }

    private static double[,] RandomRotation(int d, int seed)
    {
        var random = new Random(seed);
        var q = new double[d, d];
        for (var j = 0; j < d; j++) // Gram–Schmidt on Gaussian columns
        {
            var column = Enumerable.Range(0, d).Select(_ => SpecialFunctions.StandardNormal(random)).ToArray();
            for (var p = 0; p < j; p++)
            {
                var dot = Enumerable.Range(0, d).Sum(a => column[a] * q[a, p]);
                for (var a = 0; a < d; a++) column[a] -= dot * q[a, p];
            }
            var norm = Math.Sqrt(column.Sum(x => x * x));
            for (var a = 0; a < d; a++) q[a, j] = column[a] / norm;
        }
        return q;
    }

    private static double[,] Rotated(double[,] q, double[] eigenvalues)
    {
        var d = eigenvalues.Length;
        var s = new double[d, d];
        for (var a = 0; a < d; a++) for (var b = 0; b < d; b++) for (var i = 0; i < d; i++) s[a, b] += q[a, i] * eigenvalues[i] * q[b, i];
        for (var a = 0; a < d; a++) for (var b = 0; b < a; b++) s[a, b] = s[b, a] = 0.5 * (s[a, b] + s[b, a]);
        return s;
    }

    private static double[,] ToMatrix(Tensor t)
    {
        var values = t.detach().contiguous().data<double>().ToArray();
        var m = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(values, 0, m, 0, values.Length * sizeof(double));
        return m;
    }

    private static double[] ToVector(Tensor t) => t.detach().data<double>().ToArray();

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    private static double[,] Diagonal(params double[] values) => SmallMatrix.Diagonal(values);

    private static void AssertMatrix(double[,] expected, double[,] actual, int precision)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var a = 0; a < expected.GetLength(0); a++)
        for (var b = 0; b < expected.GetLength(1); b++) Assert.Equal(expected[a, b], actual[a, b], precision);
    }
}
