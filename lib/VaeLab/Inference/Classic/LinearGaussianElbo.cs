using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Inference.Classic;

/// <summary>The closed-form ELBO of a linear-Gaussian model (<see cref="LinearGaussianLatentModel"/>) under a Gaussian q(z | x).</summary>
public static class LinearGaussianElbo
{
    /// <summary>Per-row closed-form ELBO for x [N, D], q means and log-variances [N, L], W [D, L], b [D].</summary>
    public static Tensor Elbo(Tensor x, Tensor mean, Tensor logVariance, Tensor w, Tensor b, double noiseVariance)
    {
        var (expectedLogLikelihood, kl) = ElboTerms(x, mean, logVariance, w, b, noiseVariance);
        return expectedLogLikelihood - kl;
    }

    /// <summary>Per row: E_q[log N(x; Wz + b, σ²I)] in closed form, and KL(q(z|x) ‖ N(0, I)).</summary>
    public static (Tensor ExpectedLogLikelihood, Tensor Kl) ElboTerms(Tensor x, Tensor mean, Tensor logVariance, Tensor w, Tensor b, double noiseVariance)
    {
        if (mean.shape[1] != w.shape[1] || x.shape[1] != w.shape[0])
            throw new ArgumentException($"Shapes do not fit: x [{string.Join(",", x.shape)}], mean [{string.Join(",", mean.shape)}], W [{string.Join(",", w.shape)}].");
        var d = x.shape[1];
        var reconstruction = mean.mm(w.t()) + b;
        var squaredError = (x - reconstruction).pow(2).sum(dim: 1);
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var spread = (posterior.variance * w.pow(2).sum(dim: 0)).sum(dim: 1);
        var expectedLogLikelihood = -0.5 * d * Math.Log(2 * Math.PI * noiseVariance) - (squaredError + spread) / (2 * noiseVariance);
        return (expectedLogLikelihood, GaussianKl.Total(GaussianKl.ToStandardNormal(posterior)));
    }

    internal static Tensor ToTensor(double[][] rows)
    {
        var flat = rows.SelectMany(r => r).ToArray();
        return tensor(flat, [rows.Length, rows[0].Length], dtype: ScalarType.Float64);
    }

    internal static Tensor ToTensor(double[,] matrix)
    {
        var flat = new double[matrix.Length];
        Buffer.BlockCopy(matrix, 0, flat, 0, matrix.Length * sizeof(double));
        return tensor(flat, [matrix.GetLength(0), matrix.GetLength(1)], dtype: ScalarType.Float64);
    }
}
