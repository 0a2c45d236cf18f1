using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>Zero-mean Gaussian data with chosen variances along randomly oriented principal directions.</summary>
public static class PrincipalGaussian
{
    /// <summary>
    /// <paramref name="count"/> rows x = R diag(√λ) ε, ε ~ N(0, I), with R a random orthogonal matrix (the Q of a QR
    /// decomposition of a Gaussian matrix): the covariance is R diag(λ) Rᵀ, so λ are its eigenvalues. Float32 [count, D];
    /// everything is drawn from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static Tensor Sample(IReadOnlyList<double> variances, int count, int seed)
    {
        if (variances.Count < 1 || variances.Any(v => !(v >= 0) || !double.IsFinite(v)))
            throw new ArgumentException("Give at least one variance, each a finite number ≥ 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var d = variances.Count;
        var (rotation, _) = linalg.qr(randn([d, d], dtype: ScalarType.Float64, generator: generator));
        var scaled = randn([count, d], dtype: ScalarType.Float64, generator: generator) * tensor(variances.ToArray()).sqrt();
        return scaled.matmul(rotation.t()).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
