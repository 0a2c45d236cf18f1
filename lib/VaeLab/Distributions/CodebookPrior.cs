using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The prior of a VQ-VAE or FSQ autoencoder while it trains: every one of the K codes equally likely at each of the grid
/// positions, independently (van den Oord et al. 2017, §3.1), so log p(z) = −positions · log K. A learned prior over
/// code grids (the series' causal transformer) replaces it afterwards. <see cref="Embed"/> turns code grids into the
/// vectors the decoder reads.
/// </summary>
public sealed class CodebookPrior : Distribution
{
    private readonly Func<Tensor, Tensor> embed;

    /// <param name="codebookSize">K.</param>
    /// <param name="grid">The shape of one code grid, e.g. [7, 7].</param>
    /// <param name="embed">Code grids [N, grid…] (int64) → the code vectors the decoder reads.</param>
    public CodebookPrior(long codebookSize, long[] grid, Func<Tensor, Tensor> embed)
    {
        if (codebookSize < 2) throw new ArgumentException($"A codebook needs at least 2 codes; got {codebookSize}.");
        if (grid.Length == 0 || grid.Any(g => g < 1)) throw new ArgumentException($"The code grid needs positive sizes; got [{string.Join(", ", grid)}].");
        CodebookSize = codebookSize;
        Grid = grid;
        this.embed = embed;
    }

    /// <summary>K.</summary>
    public long CodebookSize { get; }

    /// <summary>The shape of one code grid.</summary>
    public long[] Grid { get; }

    /// <summary>Code positions per example.</summary>
    public long Positions => Grid.Aggregate(1L, (a, b) => a * b);

    /// <summary>log p(z) = −positions · log K for each of the N code grids in <paramref name="value"/> [N, …].</summary>
    public override Tensor log_prob(Tensor value) =>
        full(value.shape[0], -Positions * Math.Log(CodebookSize), dtype: value.is_floating_point() ? value.dtype : ScalarType.Float32, device: value.device);

    /// <summary>Code vectors of <paramref name="codes"/> [N, grid…] or [N, positions] (int64).</summary>
    public Tensor Embed(Tensor codes)
    {
        if (codes.dtype != ScalarType.Int64 || codes.dim() < 1 || codes.numel() != codes.shape[0] * Positions)
            throw new ArgumentException($"Code grids must be int64 [N, {string.Join(", ", Grid)}] or [N, {Positions}]; got {codes.dtype} {Shape(codes)}.");
        return embed(codes.reshape([codes.shape[0], .. Grid]));
    }

    /// <summary>Code grids drawn uniformly, as code vectors.</summary>
    public override Tensor sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var noGrad = no_grad();
        return Embed(randint(CodebookSize, [count, .. Grid], generator: generator));
    }

    public override Tensor sample(Generator? generator = null) =>
        throw new NotSupportedException("The codebook prior has no batch of its own: draw sample(count, generator).");
}
