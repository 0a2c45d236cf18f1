using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The prior p(z) = N(0, I) over D latent dimensions. It has no batch of its own: <see cref="log_prob"/> scores latents
/// shaped [..., D] and returns [...], and samples are drawn with a count, [count, D].
/// </summary>
public sealed class StandardNormal : Distribution
{
    public StandardNormal(long latentSize)
    {
        if (latentSize < 1) throw new ArgumentException($"The latent size must be at least 1; got {latentSize}.");
        LatentSize = latentSize;
    }

    /// <summary>D.</summary>
    public long LatentSize { get; }

    /// <summary>log N(z; 0, I) summed over the last axis: [..., D] → [...].</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckLatents(value);
        using var scope = NewDisposeScope();
        // TorchSharp's Normal on zeros and ones, so the digits are those of every earlier evaluation of the series.
        using var normal = new Normal(zeros_like(value), ones_like(value));
        return normal.log_prob(value).sum(dim: -1).MoveToOuterDisposeScope();
    }

    public override Tensor sample(Generator? generator = null) =>
        throw new NotSupportedException("The prior N(0, I) has no batch of its own: draw sample(count, generator), which gives [count, D].");

    /// <summary>[count, D] draws from N(0, I) (float32).</summary>
    public override Tensor sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return randn([count, LatentSize], generator: generator);
    }

    public override Tensor mean => zeros(LatentSize);

    private void CheckLatents(Tensor value)
    {
        if (value.dim() < 1 || value.shape[^1] != LatentSize)
            throw new ArgumentException($"The prior N(0, I) scores latents shaped [..., {LatentSize}]; got {Shape(value)}.");
    }
}
