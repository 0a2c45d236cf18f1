using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// f(z) = Σ_d (z_d − a_d)², a test function whose expectation under q = N(μ, diag σ²) has a closed form:
/// E_q[f] = Σ_d (μ_d − a_d)² + σ_d², so ∇_μ E_q[f] = 2(μ − a) and ∇_σ E_q[f] = 2σ.
/// </summary>
public sealed class QuadraticObjective
{
    public QuadraticObjective(double[] target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length == 0) throw new ArgumentException("The target needs at least one dimension.", nameof(target));
        Target = (double[])target.Clone();
    }

    /// <summary>The same target value <paramref name="value"/> in every one of <paramref name="dimension"/> dimensions.</summary>
    public static QuadraticObjective Constant(int dimension, double value = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return new QuadraticObjective(Enumerable.Repeat(value, dimension).ToArray());
    }

    public double[] Target { get; }

    public int Dimension => Target.Length;

    /// <summary>f(z) for z shaped [..., D]; returns [...].</summary>
    public Tensor Value(Tensor z)
    {
        if (z.shape[^1] != Dimension)
            throw new ArgumentException($"The objective has {Dimension} dimensions; got z shaped [{string.Join(", ", z.shape)}].");
        using var target = tensor(Target, dtype: z.dtype);
        return (z - target).square().sum(dim: -1);
    }

    /// <summary>∇_μ E_q[f] = 2(μ − a).</summary>
    public double[] GradientWithRespectToMean(double[] mean)
    {
        CheckLength(mean, nameof(mean));
        return mean.Select((m, d) => 2 * (m - Target[d])).ToArray();
    }

    /// <summary>∇_σ E_q[f] = 2σ.</summary>
    public double[] GradientWithRespectToStd(double[] std)
    {
        CheckLength(std, nameof(std));
        return std.Select(s => 2 * s).ToArray();
    }

    private void CheckLength(double[] values, string name)
    {
        if (values.Length != Dimension)
            throw new ArgumentException($"Expected {Dimension} values, got {values.Length}.", name);
    }
}
