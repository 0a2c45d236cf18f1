using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>log N(z; μ, diag σ²), summed over the last dimension.</summary>
public static class DiagonalGaussian
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>Σ_d −½[log 2π + 2 log σ_d + ((z_d − μ_d)/σ_d)²]; z, μ, σ broadcast together, result drops the last dimension.</summary>
    public static Tensor LogDensity(Tensor z, Tensor mean, Tensor std)
    {
        var standardised = (z - mean) / std;
        return (-0.5 * (standardised.square() + LogTwoPi) - std.log()).sum(dim: -1);
    }

    /// <summary>The same, with the scale given as log σ² (as VAE encoders return it).</summary>
    public static Tensor LogDensityFromLogVariance(Tensor z, Tensor mean, Tensor logVariance)
    {
        var standardised = (z - mean) * (-0.5 * logVariance).exp();
        return (-0.5 * (standardised.square() + LogTwoPi + logVariance)).sum(dim: -1);
    }
}
