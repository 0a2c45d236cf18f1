using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// f(z) = Σ_d cos(ω z_d), a high-frequency test function (Mohamed et al. 2020, §3, use cos(ωz) to show when the
/// pathwise estimator loses). Under q = N(μ, diag σ²), E_q[cos(ω z_d)] = cos(ω μ_d)·exp(−ω²σ_d²/2), so
/// ∂/∂μ_d E_q[f] = −ω sin(ω μ_d)·exp(−ω²σ_d²/2). The pathwise estimate −ω sin(ω z_d) has a variance that grows like ω²,
/// while the score-function estimate cos(ω z)(z − μ)/σ² stays bounded: for large ω the score function wins.
/// </summary>
public sealed class CosineObjective
{
    public CosineObjective(double frequency, int dimension = 1)
    {
        if (!(frequency > 0) || double.IsInfinity(frequency)) throw new ArgumentOutOfRangeException(nameof(frequency), "The frequency ω must be positive and finite.");
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Frequency = frequency;
        Dimension = dimension;
    }

    public double Frequency { get; }
    public int Dimension { get; }

    /// <summary>f(z) for z shaped [..., D]; returns [...].</summary>
    public Tensor Value(Tensor z)
    {
        if (z.shape[^1] != Dimension)
            throw new ArgumentException($"The objective has {Dimension} dimensions; got z shaped [{string.Join(", ", z.shape)}].");
        return (z * Frequency).cos().sum(dim: -1);
    }

    /// <summary>∇_μ E_q[f] = −ω sin(ω μ)·exp(−ω²σ²/2), per dimension.</summary>
    public double[] GradientWithRespectToMean(double[] mean, double[] std)
    {
        if (mean.Length != Dimension || std.Length != Dimension)
            throw new ArgumentException($"Expected {Dimension} means and standard deviations, got {mean.Length} and {std.Length}.");
        return mean.Select((m, d) => -Frequency * Math.Sin(Frequency * m) * Math.Exp(-Frequency * Frequency * std[d] * std[d] / 2)).ToArray();
    }
}
