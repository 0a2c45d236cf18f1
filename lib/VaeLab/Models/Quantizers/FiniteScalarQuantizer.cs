using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Quantizers;

/// <summary>
/// Settings of a <see cref="FiniteScalarQuantizer"/>: the number of levels L_i of each channel. The codebook has
/// Π L_i codes. Mentzer et al. 2023 (table 1) recommend [8, 6, 5] for 2^8, [8, 5, 5, 5] for 2^10, [7, 5, 5, 5, 5] for 2^12,
/// [8, 8, 8, 6, 5] for 2^14 and [8, 8, 8, 5, 5, 5] for 2^16 codes.
/// </summary>
public sealed record FiniteScalarQuantizerOptions(IReadOnlyList<int> Levels)
{
    /// <summary>The levels recommended for about 2^8 = 256 codes: [8, 6, 5] (240 codes).</summary>
    public static FiniteScalarQuantizerOptions About256 { get; } = new([8, 6, 5]);

    public void Validate()
    {
        if (Levels is null || Levels.Count == 0)
            throw new ArgumentException("FSQ needs at least one channel: give Levels such as [8, 6, 5].");
        for (var i = 0; i < Levels.Count; i++)
            if (Levels[i] < 2)
                throw new ArgumentException($"Every FSQ level must be at least 2; channel {i} has {Levels[i]}. Use e.g. [8, 6, 5].");
        var size = 1.0;
        foreach (var level in Levels) size *= level;
        if (size > int.MaxValue)
            throw new ArgumentException($"FSQ levels [{string.Join(", ", Levels)}] give {size:0} codes, more than int.MaxValue; use fewer or smaller levels.");
    }
}

/// <summary>What a <see cref="FiniteScalarQuantizer"/> returns: the quantised values (input's shape, each channel on its
/// grid in [−1, 1], straight-through gradient) and the code index per position, int64 [N, H, W] (or [N]).</summary>
public sealed record FiniteScalarQuantizerOutput(Tensor Quantized, Tensor Indices);

/// <summary>
/// Finite scalar quantisation (Mentzer et al. 2023): each of d channels is squashed into a bounded range and rounded to
/// one of L_i integer levels, with the straight-through estimator (round(z) with the gradient of z), then scaled into
/// [−1, 1]. The implicit codebook is the grid of Π L_i points; it has no parameters and needs no codebook or commitment
/// loss. Every grid point can be reached, but nothing makes the encoder use them all or use them evenly: how many codes a
/// trained model uses, and how evenly (perplexity), is measured, not given.
/// <para>
/// Bound, as in the reference code of the paper's appendix A.1 (google-research/fsq): with h = (L − 1)(1 − 10⁻³)/2,
/// offset o = ½ for even L (0 for odd) and shift s = tan(o / h), f(z) = h · tanh(z + s) − o. f ranges over
/// (−h − o, h − o), so rounding gives exactly L levels: {−(L−1)/2, …, (L−1)/2} for odd L, {−L/2, …, L/2 − 1} for even L.
/// The shift is the reference code's tan, not the inverse of tanh: atanh(o / h) would centre f(0) on 0 exactly, but for
/// L = 2 its argument o / h = 1.001 lies outside (−1, 1) and gives NaN; with tan, f(0) stays within 0.05 of 0 for every
/// L ≥ 2 and rounds to 0. Dividing by ⌊L/2⌋ puts the levels in [−1, 1].
/// </para>
/// Input: channels-first [N, d, H, W] or [N, d], d = the number of levels.
/// </summary>
public sealed class FiniteScalarQuantizer : Module<Tensor, FiniteScalarQuantizerOutput>
{
    // Keeps the bound just inside ±(L − 1)/2 so rounding never lands on a level beyond the grid.
    private const double BoundShrink = 1e-3;

    private readonly long[] levels;
    private readonly long[] radix;

    public FiniteScalarQuantizer(FiniteScalarQuantizerOptions options) : base(nameof(FiniteScalarQuantizer))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        levels = [.. options.Levels.Select(l => (long)l)];
        // Mixed radix, first channel least significant: index = Σ_i digit_i · Π_{j<i} L_j.
        radix = new long[levels.Length];
        long place = 1;
        for (var i = 0; i < levels.Length; i++) { radix[i] = place; place *= levels[i]; }
        CodebookSize = place;
        RegisterComponents();
    }

    public FiniteScalarQuantizerOptions Options { get; }

    /// <summary>d, the number of channels (one per level).</summary>
    public int Channels => levels.Length;

    /// <summary>Π L_i, the number of codes.</summary>
    public long CodebookSize { get; }

    public override FiniteScalarQuantizerOutput forward(Tensor input)
    {
        var lastDim = ChannelsLast(input);
        var rounded = RoundStraightThrough(Bound(lastDim));
        var indices = DigitsToIndices(rounded.detach() + HalfWidths(rounded));
        var quantized = rounded / HalfWidths(rounded);
        return new FiniteScalarQuantizerOutput(ChannelsFirst(quantized, input), indices);
    }

    /// <summary>The bound f(z) = h · tanh(z + s) − o, s = tan(o / h), of each channel (before rounding), on channels-last
    /// values [..., d].</summary>
    public Tensor Bound(Tensor channelsLast)
    {
        CheckChannelsLast(channelsLast);
        var halfRange = new double[levels.Length];
        var offset = new double[levels.Length];
        var shift = new double[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            halfRange[i] = (levels[i] - 1) * (1 - BoundShrink) / 2;
            offset[i] = levels[i] % 2 == 0 ? 0.5 : 0.0;
            shift[i] = Math.Tan(offset[i] / halfRange[i]);
        }
        var like = channelsLast;
        return (channelsLast + Row(shift, like)).tanh() * Row(halfRange, like) - Row(offset, like);
    }

    /// <summary>Code vectors (each channel in [−1, 1]) of code indices: [N, H, W] → [N, d, H, W], [N] → [N, d].</summary>
    public Tensor IndicesToCodes(Tensor indices)
    {
        if (indices.dtype != ScalarType.Int64)
            throw new ArgumentException($"FSQ code indices must be int64; got {indices.dtype}.");
        if (indices.numel() > 0 && (indices.min().item<long>() < 0 || indices.max().item<long>() >= CodebookSize))
            throw new ArgumentException($"FSQ code indices must lie in [0, {CodebookSize}).");
        var digits = indices.unsqueeze(-1).floor_divide(tensor(radix, device: indices.device))
            .remainder(tensor(levels, device: indices.device));
        var values = digits.to_type(ScalarType.Float32);
        var codes = (values - HalfWidths(values)) / HalfWidths(values);
        return indices.dim() <= 1 ? codes : codes.movedim([-1], [1]);
    }

    /// <summary>Code indices of quantised vectors (channels-first [N, d, H, W] → [N, H, W], [N, d] → [N]).</summary>
    public Tensor CodesToIndices(Tensor quantized)
    {
        var lastDim = ChannelsLast(quantized);
        var halfWidths = HalfWidths(lastDim);
        return DigitsToIndices(lastDim * halfWidths + halfWidths);
    }

    /// <summary>All Π L_i code vectors [C, d], in index order.</summary>
    public Tensor AllCodes() => IndicesToCodes(arange(CodebookSize, dtype: ScalarType.Int64));

    /// <summary>round(z) forward, the identity backward: z + sg[round(z) − z].</summary>
    private static Tensor RoundStraightThrough(Tensor values) => values + (values.round() - values).detach();

    /// <summary>Integer digits 0 … L_i − 1 (channels last) to mixed-radix indices.</summary>
    private Tensor DigitsToIndices(Tensor digits)
    {
        var whole = digits.round().to_type(ScalarType.Int64);
        return (whole * tensor(radix, device: digits.device)).sum(dim: -1);
    }

    /// <summary>⌊L_i/2⌋ per channel, the scale between integer levels and [−1, 1].</summary>
    private Tensor HalfWidths(Tensor like) => Row([.. levels.Select(l => (double)(l / 2))], like);

    private static Tensor Row(double[] values, Tensor like) => tensor(values, dtype: like.dtype, device: like.device);

    private void CheckChannelsLast(Tensor values)
    {
        if (values.dim() < 1 || values.shape[^1] != levels.Length)
            throw new ArgumentException($"FSQ with {levels.Length} levels needs {levels.Length} channels; got [{string.Join(", ", values.shape)}].");
    }

    /// <summary>[N, d, H, W] → [N, H, W, d]; [N, d] unchanged.</summary>
    private Tensor ChannelsLast(Tensor input)
    {
        var d = levels.Length;
        if (!((input.dim() == 2 || input.dim() == 4) && input.shape[1] == d))
            throw new ArgumentException($"FiniteScalarQuantizer takes channels-first [N, {d}, H, W] or [N, {d}]; got [{string.Join(", ", input.shape)}].");
        if (!input.is_floating_point())
            throw new ArgumentException($"FiniteScalarQuantizer takes floating-point values; got {input.dtype}.");
        return input.dim() == 2 ? input : input.movedim([1], [-1]);
    }

    private static Tensor ChannelsFirst(Tensor channelsLast, Tensor like) =>
        like.dim() == 2 ? channelsLast : channelsLast.movedim([-1], [1]);
}
