using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>A factorised Gaussian q(z) = Π_i N(Mean_i, Variance_i).</summary>
public sealed record DiagonalGaussian(double[] Mean, double[] Variance)
{
    public double[,] Covariance => SmallMatrix.Diagonal(Variance);
}

/// <summary>
/// Mean-field approximation of a correlated Gaussian target p = N(μ, Σ) (Bishop §10.1.2): minimising KL(q ‖ p) by
/// CAVI gives variances 1/Λ_ii (Λ = Σ⁻¹), which are too small when the target is correlated; minimising KL(p ‖ q)
/// gives the marginal variances Σ_ii, which cover the target but put mass where it has little.
/// </summary>
public sealed class GaussianMeanField
{
    public GaussianMeanField(double[] mean, double[,] covariance)
    {
        if (covariance.GetLength(0) != mean.Length || covariance.GetLength(1) != mean.Length)
            throw new ArgumentException($"Covariance must be {mean.Length}×{mean.Length} to match the mean.");
        Mean = mean;
        Covariance = covariance;
        Precision = SmallMatrix.Inverse(covariance); // also rejects a covariance that is not positive definite
    }

    public double[] Mean { get; }
    public double[,] Covariance { get; }
    public double[,] Precision { get; }
    public int Dimension => Mean.Length;

    /// <summary>CAVI for KL(q ‖ p): m_i ← μ_i − Λ_ii⁻¹ Σ_{j≠i} Λ_ij (m_j − μ_j), v_i = 1/Λ_ii. Returns q after each sweep (index 0: start).</summary>
    public IReadOnlyList<DiagonalGaussian> ReverseKlCavi(double[] startMean, int sweeps)
    {
        if (startMean.Length != Dimension) throw new ArgumentException($"Start mean needs {Dimension} entries.");
        ArgumentOutOfRangeException.ThrowIfLessThan(sweeps, 1);
        var variance = Enumerable.Range(0, Dimension).Select(i => 1 / Precision[i, i]).ToArray();
        var m = (double[])startMean.Clone();
        var trace = new List<DiagonalGaussian> { new((double[])m.Clone(), variance) };
        for (var s = 0; s < sweeps; s++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                var pull = 0.0;
                for (var j = 0; j < Dimension; j++) if (j != i) pull += Precision[i, j] * (m[j] - Mean[j]);
                m[i] = Mean[i] - pull / Precision[i, i];
            }
            trace.Add(new DiagonalGaussian((double[])m.Clone(), variance));
        }
        return trace;
    }

    /// <summary>The minimiser of KL(p ‖ q) over factorised Gaussians: moment matching, q_i = N(μ_i, Σ_ii).</summary>
    public DiagonalGaussian ForwardKlOptimum() =>
        new((double[])Mean.Clone(), Enumerable.Range(0, Dimension).Select(i => Covariance[i, i]).ToArray());

    public double KlQToP(DiagonalGaussian q) => SmallMatrix.GaussianKl(q.Mean, q.Covariance, Mean, Covariance);

    public double KlPToQ(DiagonalGaussian q) => SmallMatrix.GaussianKl(Mean, Covariance, q.Mean, q.Covariance);

    /// <summary>Points on the k-standard-deviation ellipse of a 2-D Gaussian, for drawing.</summary>
    public static (double[] X, double[] Y) Ellipse(double[] mean, double[,] covariance, double k = 2, int points = 100)
    {
        if (mean.Length != 2) throw new ArgumentException("Ellipses are drawn for 2-D Gaussians only.");
        var l = SmallMatrix.Cholesky(covariance);
        var x = new double[points + 1];
        var y = new double[points + 1];
        for (var i = 0; i <= points; i++)
        {
            var angle = 2 * Math.PI * i / points;
            var (c, s) = (k * Math.Cos(angle), k * Math.Sin(angle));
            x[i] = mean[0] + l[0, 0] * c;
            y[i] = mean[1] + l[1, 0] * c + l[1, 1] * s;
        }
        return (x, y);
    }
}
