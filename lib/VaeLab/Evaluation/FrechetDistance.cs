using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>The mean [F] and covariance [F, F] of a set of feature vectors, in double precision.</summary>
public sealed record FeatureMoments(Tensor Mean, Tensor Covariance)
{
    /// <summary>The sample mean and the unbiased sample covariance of <paramref name="features"/> [N, F] (N ≥ 2).</summary>
    public static FeatureMoments Of(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException($"Give at least two feature vectors as [N, F]; got [{string.Join(", ", features.shape)}].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = features.detach().to_type(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().matmul(centred) / (x.shape[0] - 1);
        return new FeatureMoments(mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    public long Dimension => Mean.shape[0];
}

/// <summary>
/// The Fréchet (2-Wasserstein) distance between the Gaussians fitted to two sets of features,
/// d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}) (Dowson &amp; Landau 1982), the formula of the FID
/// (Heusel et al. 2017) — which applies it to features of an ImageNet Inception network. Notebook 09 applies it to a
/// small classifier trained on the data set itself, so its values are "FID-like": comparable within that notebook's run,
/// not with published FIDs. The trace of the matrix square root is computed as Σ √λ over the eigenvalues λ of the
/// symmetric matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2} (which has the eigenvalues of Σ₁Σ₂), so no general matrix square root is needed.
/// </summary>
public static class FrechetDistance
{
    /// <summary>d² between the Gaussians fitted to <paramref name="first"/> and <paramref name="second"/> ([N, F] and [M, F]).</summary>
    public static double Between(Tensor first, Tensor second)
    {
        var a = FeatureMoments.Of(first);
        var b = FeatureMoments.Of(second);
        try
        {
            return Between(a, b);
        }
        finally
        {
            a.Mean.Dispose(); a.Covariance.Dispose(); b.Mean.Dispose(); b.Covariance.Dispose();
        }
    }

    /// <summary>d² between N(μ₁, Σ₁) and N(μ₂, Σ₂).</summary>
    public static double Between(FeatureMoments first, FeatureMoments second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
            throw new ArgumentException($"Both feature sets need the same dimension; got {first.Dimension} and {second.Dimension}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (mean1, covariance1) = (first.Mean.to_type(ScalarType.Float64), first.Covariance.to_type(ScalarType.Float64));
        var (mean2, covariance2) = (second.Mean.to_type(ScalarType.Float64), second.Covariance.to_type(ScalarType.Float64));
        var root1 = SymmetricSquareRoot(covariance1);
        var product = root1.matmul(covariance2).matmul(root1);
        product = (product + product.t()) / 2;                                   // symmetric up to rounding
        var traceOfRoot = linalg.eigvalsh(product).clamp_min(0).sqrt().sum();
        var distance = (mean1 - mean2).pow(2).sum() + covariance1.trace() + covariance2.trace() - 2 * traceOfRoot;
        return Math.Max(0, distance.item<double>());
    }

    /// <summary>The symmetric positive semi-definite square root of a covariance (eigenvalues below 0 from rounding clipped to 0).</summary>
    private static Tensor SymmetricSquareRoot(Tensor covariance)
    {
        var (values, vectors) = linalg.eigh((covariance + covariance.t()) / 2);
        return vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
    }
}
