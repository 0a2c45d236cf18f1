using static TorchSharp.torch;

namespace VaeLab.Losses;

/// <summary>Log-densities of diagonal Gaussians, summed over the last axis (the latent dimensions).</summary>
public static class GaussianLogDensity
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>log N(z; μ, diag σ²) summed over the last axis; μ and log σ² broadcast against z.</summary>
    public static Tensor Diagonal(Tensor z, Tensor mean, Tensor logVariance) =>
        (-0.5 * (LogTwoPi + logVariance + (z - mean).square() / logVariance.exp())).sum(dim: -1);

    /// <summary>The same with the scale given as σ rather than log σ² (a parameterisation gradient estimators use).</summary>
    public static Tensor DiagonalWithStd(Tensor z, Tensor mean, Tensor std)
    {
        var standardised = (z - mean) / std;
        return (-0.5 * (standardised.square() + LogTwoPi) - std.log()).sum(dim: -1);
    }

    /// <summary>log N(z; 0, I) summed over the last axis.</summary>
    public static Tensor StandardNormal(Tensor z) => (-0.5 * (LogTwoPi + z.square())).sum(dim: -1);
}
