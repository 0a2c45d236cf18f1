using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// q(z|x) = N(μ, diag σ²): independent Gaussians over the last axis (the latent dimensions), as
/// torch.distributions.Independent(Normal(μ, σ), 1). <see cref="rsample"/> is the reparameterization z = μ + σ·ε
/// (pathwise gradient); <see cref="Distribution.sample(Generator?)"/> draws under no-grad (no gradient reaches μ or σ).
/// <see cref="log_prob"/> sums over the latent dimensions; <see cref="Normal"/> is TorchSharp's own per-dimension
/// distribution underneath.
/// </summary>
public sealed class DiagonalNormal : Distribution
{
    private readonly Tensor meanInput;
    private readonly Tensor? logVarianceInput;

    private DiagonalNormal(Normal normal, Tensor mean, Tensor? logVariance)
    {
        Normal = normal;
        meanInput = mean;
        logVarianceInput = logVariance;
    }

    /// <summary>
    /// N(μ, exp(½ log σ²)) from the (μ, log σ²) pair the encoder networks output. Dispose the result: TorchSharp's Normal
    /// detaches its parameter tensors from the dispose scope, so an undisposed one keeps them alive after the scope ends.
    /// </summary>
    public static DiagonalNormal FromLogVariance(Tensor mean, Tensor logVariance)
    {
        if (!mean.shape.SequenceEqual(logVariance.shape))
            throw new ArgumentException($"Mean and log-variance must have the same shape; got {Shape(mean)} and {Shape(logVariance)}.");
        using var scope = NewDisposeScope();
        return new DiagonalNormal(new Normal(mean, (0.5 * logVariance).exp()), mean, logVariance);
    }

    /// <summary>N(μ, σ²) from a mean and a standard deviation of the same shape.</summary>
    public static DiagonalNormal FromStandardDeviation(Tensor mean, Tensor standardDeviation)
    {
        if (!mean.shape.SequenceEqual(standardDeviation.shape))
            throw new ArgumentException($"Mean and standard deviation must have the same shape; got {Shape(mean)} and {Shape(standardDeviation)}.");
        return new DiagonalNormal(new Normal(mean, standardDeviation), mean, null);
    }

    /// <summary>TorchSharp's per-dimension Normal (its <c>log_prob</c> is per element).</summary>
    public Normal Normal { get; }

    /// <summary>μ: the tensor it was built from (in the caller's dispose scope, so it outlives this distribution).</summary>
    public override Tensor mean => meanInput;

    /// <summary>log σ²: the tensor it was built from, or log of the variance when built from σ.</summary>
    public Tensor LogVariance => logVarianceInput ?? variance.log();

    public Tensor stddev => Normal.stddev;

    public Tensor variance => Normal.variance;

    /// <summary>D, the size of the last axis.</summary>
    public long LatentSize => Normal.mean.shape[^1];

    public override bool has_rsample => true;

    public override Tensor rsample() => Normal.rsample();

    public override Tensor sample(Generator? generator = null)
    {
        if (generator is null) return Normal.sample();
        using var noGrad = no_grad();
        return FromNoise(randn(mean.shape, dtype: mean.dtype, device: mean.device, generator: generator));
    }

    /// <summary>[count, …] samples μ + σ·ε from standard-normal noise ε drawn in one call, without gradient.</summary>
    public override Tensor sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var noGrad = no_grad();
        return FromNoise(randn([count, .. mean.shape], dtype: mean.dtype, device: mean.device, generator: generator));
    }

    /// <summary>z = μ + σ·ε for given standard-normal noise ε, shaped like μ or with extra leading axes.</summary>
    public Tensor FromNoise(Tensor epsilon)
    {
        if (epsilon.dim() < mean.dim() || !epsilon.shape[^(int)mean.dim()..].SequenceEqual(mean.shape))
            throw new ArgumentException($"The noise must be shaped like μ {Shape(mean)}, optionally with leading sample axes; got {Shape(epsilon)}.");
        return mean + stddev * epsilon;
    }

    /// <summary>log q(z) summed over the last axis: [..., D] → [...].</summary>
    public override Tensor log_prob(Tensor value) => Normal.log_prob(value).sum(dim: -1);

    public override void Dispose()
    {
        Normal.Dispose();
        base.Dispose();
    }
}
