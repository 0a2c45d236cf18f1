using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Quantizers;

/// <summary>
/// Settings of a <see cref="VectorQuantizer"/>: a codebook of <paramref name="CodebookSize"/> (K) vectors of
/// <paramref name="CodeDimension"/> (D) numbers.
/// </summary>
/// <param name="CodebookSize">K, the number of codes (at least 2).</param>
/// <param name="CodeDimension">D, the length of each code; must equal the encoder's output channels.</param>
/// <param name="UseEma">Move the codebook by exponential moving averages of its assigned encoder outputs
/// (van den Oord et al. 2017, appendix A.1) instead of by gradient; the codebook is then a buffer, not a parameter.</param>
/// <param name="EmaDecay">γ of the moving averages of code counts and sums, in (0, 1); 0.99 in the paper. Also the decay of
/// the usage counts that dead-code restart reads.</param>
/// <param name="LaplaceEpsilon">ε of the Laplace smoothing of the counts, which keeps a code that has lost all its
/// vectors from dividing by zero.</param>
/// <param name="DeadCodeThreshold">A code whose moving-average usage count (vectors per batch) is below this is dead and
/// may be re-seeded by <see cref="VectorQuantizer.RestartDeadCodes"/>; 0 turns restarts off. 2 in
/// lucidrains/vector-quantize-pytorch's examples.</param>
/// <param name="Seed">Seed of the initial codebook.</param>
/// <param name="UseRotationTrick">Pass the decoder's gradient to the encoder through <see cref="RotationTrick"/>
/// instead of the straight-through copy (forward values are the same).</param>
public sealed record VectorQuantizerOptions(
    int CodebookSize = 512,
    int CodeDimension = 16,
    bool UseEma = false,
    double EmaDecay = 0.99,
    double LaplaceEpsilon = 1e-5,
    double DeadCodeThreshold = 2.0,
    int Seed = 0,
    bool UseRotationTrick = false)
{
    public void Validate()
    {
        if (CodebookSize < 2)
            throw new ArgumentException($"CodebookSize (K) must be at least 2; got {CodebookSize}. Use a codebook of 2 or more codes.");
        if (CodeDimension < 1)
            throw new ArgumentException($"CodeDimension (D) must be positive; got {CodeDimension}. Set it to the encoder's output channels.");
        if (!(EmaDecay > 0 && EmaDecay < 1))
            throw new ArgumentException($"EmaDecay must lie strictly between 0 and 1; got {EmaDecay}. The paper uses 0.99.");
        if (!(LaplaceEpsilon > 0) || double.IsInfinity(LaplaceEpsilon))
            throw new ArgumentException($"LaplaceEpsilon must be a small positive number; got {LaplaceEpsilon}. Use e.g. 1e-5.");
        if (!(DeadCodeThreshold >= 0) || double.IsInfinity(DeadCodeThreshold))
            throw new ArgumentException($"DeadCodeThreshold must be 0 (no restarts) or positive; got {DeadCodeThreshold}.");
    }
}

/// <summary>
/// What a <see cref="VectorQuantizer"/> returns for a batch of N examples.
/// </summary>
/// <param name="Quantized">The nearest codes, shaped like the input, carrying the straight-through gradient to the input.</param>
/// <param name="Indices">The chosen code per position, int64, [N, H, W] (or [N] for vector inputs).</param>
/// <param name="CodebookLoss">‖sg[z_e] − e‖² per example [N] (mean over positions and channels): moves codes only.</param>
/// <param name="CommitmentLoss">‖z_e − sg[e]‖² per example [N] (mean over positions and channels): moves the encoder only.
/// The caller weights it by β (0.25 in the paper).</param>
public sealed record VectorQuantizerOutput(Tensor Quantized, Tensor Indices, Tensor CodebookLoss, Tensor CommitmentLoss);

/// <summary>
/// The vector quantiser of VQ-VAE (van den Oord et al. 2017): each encoder output vector z_e is replaced by its nearest
/// codebook vector e_k, k = argmin_j ‖z_e − e_j‖², and the decoder's gradient is copied to the encoder unchanged
/// (the straight-through estimator, eq. 2 and §3.2: quantised = z_e + sg[e − z_e]). The paper's loss (eq. 3) is
/// reconstruction + ‖sg[z_e] − e‖² + β‖z_e − sg[e]‖²; the two last terms are returned per example, unweighted.
/// <para>
/// Forward never changes the quantiser's state, so evaluation cannot move the codebook. Training loops call, after the
/// optimizer step, <see cref="UpdateEma"/> (usage counts always; the codebook too with <see cref="VectorQuantizerOptions.UseEma"/>),
/// and now and then <see cref="RestartDeadCodes"/>. <see cref="InitialiseFromData"/> runs k-means on encoder outputs.
/// </para>
/// Input: channels-first encoder outputs [N, D, H, W], or vectors [N, D].
/// </summary>
public sealed class VectorQuantizer : Module<Tensor, VectorQuantizerOutput>
{
    // Distances are computed this many rows at a time, so k-means over a whole data set does not build an M × K matrix.
    private const int DistanceChunkRows = 8192;

    // Field names are the state-dict keys. codebook is a Parameter without EMA and a plain buffer with it.
    private readonly Tensor codebook;
    private readonly Tensor usage_count;
    private readonly Tensor code_sums;

    public VectorQuantizer(VectorQuantizerOptions? options = null) : base(nameof(VectorQuantizer))
    {
        Options = options ?? new VectorQuantizerOptions();
        Options.Validate();
        var k = Options.CodebookSize;
        // Uniform(−1/K, 1/K), the initialisation of the widely used PyTorch port of the paper's code: every code starts
        // near the origin, which is why plain VQ often ends up using few of them.
        using var initialGenerator = new Generator((ulong)Options.Seed);
        var initial = (rand(k, Options.CodeDimension, generator: initialGenerator) * 2 - 1) / k;
        // Counts start at the dead-code threshold (1 if restarts are off): a code is neither dead nor established until
        // the data says so. The sums start at codebook × count, so codebook = sums / counts holds from the start.
        usage_count = full(k, InitialCount, dtype: ScalarType.Float32);
        code_sums = initial * InitialCount;
        // (A Parameter takes over its tensor's handle, so it is made last.)
        codebook = Options.UseEma ? initial : new Parameter(initial);
        RegisterComponents();
    }

    public VectorQuantizerOptions Options { get; }

    /// <summary>The codebook [K, D] (a parameter without EMA, a buffer with it). Read it; change it through the methods.</summary>
    public Tensor Codebook => codebook;

    /// <summary>Moving-average number of vectors assigned to each code per batch [K] (the EMA cluster size).</summary>
    public Tensor UsageCount => usage_count;

    private double InitialCount => Options.DeadCodeThreshold > 0 ? Options.DeadCodeThreshold : 1.0;

    public override VectorQuantizerOutput forward(Tensor input)
    {
        var flat = Flatten(input);
        var indices = NearestCodes(flat, codebook);
        var chosen = codebook.index_select(0, indices);
        var codes = Unflatten(chosen, input);
        // Straight-through: the value of the codes, the gradient of the identity with respect to the input.
        // The rotation trick: the same value, the gradient of a rotation and rescaling of each input onto its code.
        var quantized = Options.UseRotationTrick ? Unflatten(RotationTrick.Apply(flat, chosen), input) : input + (codes - input).detach();
        var codebookLoss = PerExampleMean((input.detach() - codes).square());
        var commitmentLoss = PerExampleMean((input - codes.detach()).square());
        return new VectorQuantizerOutput(quantized, IndexGrid(indices, input), codebookLoss, commitmentLoss);
    }

    /// <summary>Index of the nearest code (squared Euclidean distance) for every position: [N, H, W] or [N], int64.</summary>
    public Tensor NearestIndices(Tensor input)
    {
        using var noGrad = no_grad();
        return IndexGrid(NearestCodes(Flatten(input), codebook), input);
    }

    /// <summary>The code vectors of an index grid [N, H, W] as channels-first [N, D, H, W] (or [N] → [N, D]): what the
    /// decoder receives for codes sampled from a prior.</summary>
    public Tensor Lookup(Tensor indices)
    {
        if (indices.dtype != ScalarType.Int64)
            throw new ArgumentException($"Lookup takes int64 code indices; got {indices.dtype}.");
        var codes = codebook.index_select(0, indices.reshape(-1)).reshape([.. indices.shape, Options.CodeDimension]);
        return indices.dim() == 1 ? codes : codes.movedim([-1], [1]);
    }

    /// <summary>Mean squared distance from each input vector to its nearest code (the quantisation error, per channel).</summary>
    public double QuantisationError(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = Flatten(input);
        var nearest = codebook.index_select(0, NearestCodes(flat, codebook));
        return (flat - nearest).square().mean().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>
    /// Updates the moving averages after an optimizer step, from the encoder outputs <paramref name="inputs"/> and the
    /// indices forward chose for them. Always: usage N_k ← γ N_k + (1 − γ) n_k, n_k = vectors assigned to code k.
    /// With EMA (van den Oord et al. 2017, appendix A.1, eqs. 6–8): sums m_k ← γ m_k + (1 − γ) Σ_{i: k_i = k} z_i, and
    /// e_k = m_k / Ñ_k with the Laplace-smoothed count Ñ_k = (N_k + ε) / (Σ_j N_j + K ε) · Σ_j N_j.
    /// </summary>
    public void UpdateEma(Tensor inputs, Tensor indices)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = Flatten(inputs).detach();
        var codes = indices.reshape(-1);
        if (codes.shape[0] != flat.shape[0])
            throw new ArgumentException($"UpdateEma needs one index per input vector; got {codes.shape[0]} indices for {flat.shape[0]} vectors.");
        CheckIndexRange(codes);
        var k = Options.CodebookSize;
        var gamma = Options.EmaDecay;
        var counts = zeros(k, dtype: usage_count.dtype).index_add_(0, codes, ones(codes.shape[0], dtype: usage_count.dtype), 1.0);
        usage_count.mul_(gamma).add_(counts, alpha: 1 - gamma);
        if (!Options.UseEma) return;
        var sums = zeros(k, Options.CodeDimension, dtype: code_sums.dtype).index_add_(0, codes, flat.to_type(code_sums.dtype), 1.0);
        code_sums.mul_(gamma).add_(sums, alpha: 1 - gamma);
        codebook.copy_(code_sums / SmoothedCounts().unsqueeze(1));
    }

    /// <summary>
    /// Sets the codebook by k-means on encoder outputs: K distinct random vectors, then <paramref name="iterations"/>
    /// Lloyd iterations (assign each vector to its nearest centre, move each centre to the mean of its vectors; a centre
    /// left without vectors stays where it was). Usage counts restart at their initial value.
    /// </summary>
    public void InitialiseFromData(Tensor inputs, int seed, int iterations = 10)
    {
        if (iterations < 0) throw new ArgumentException($"iterations must be 0 or more; got {iterations}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = Flatten(inputs).detach().to_type(codebook.dtype);
        var k = Options.CodebookSize;
        if (flat.shape[0] < k)
            throw new ArgumentException($"k-means initialisation needs at least K = {k} vectors; got {flat.shape[0]}. Pass more encoder outputs.");
        using var pickGenerator = new Generator((ulong)seed);
        var pick = randperm(flat.shape[0], generator: pickGenerator).narrow(0, 0, k);
        var centres = flat.index_select(0, pick);
        for (var step = 0; step < iterations; step++)
        {
            using var stepScope = NewDisposeScope();
            var assigned = NearestCodes(flat, centres);
            var counts = zeros(k, dtype: flat.dtype).index_add_(0, assigned, ones(flat.shape[0], dtype: flat.dtype), 1.0);
            var sums = zeros(k, Options.CodeDimension, dtype: flat.dtype).index_add_(0, assigned, flat, 1.0);
            var occupied = (counts > 0).unsqueeze(1);
            centres = where(occupied, sums / counts.clamp_min(1).unsqueeze(1), centres).MoveToOuterDisposeScope();
        }
        SetCodebook(centres);
    }

    /// <summary>
    /// Re-seeds every dead code (usage count below <see cref="VectorQuantizerOptions.DeadCodeThreshold"/>) with a random
    /// vector from <paramref name="recentInputs"/> (distinct vectors when there are enough), so it lies where the encoder's
    /// outputs are and gets chosen again. Its usage count restarts at the threshold. Returns how many codes were re-seeded.
    /// </summary>
    public int RestartDeadCodes(Tensor recentInputs, int seed)
    {
        if (Options.DeadCodeThreshold <= 0) return 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dead = (usage_count < Options.DeadCodeThreshold).nonzero().reshape(-1);
        var deadCount = (int)dead.shape[0];
        if (deadCount == 0) return 0;
        var flat = Flatten(recentInputs).detach().to_type(codebook.dtype);
        var available = flat.shape[0];
        if (available == 0) throw new ArgumentException("RestartDeadCodes needs at least one recent encoder output.");
        using var generator = new Generator((ulong)seed);
        var rows = available >= deadCount
            ? randperm(available, generator: generator).narrow(0, 0, deadCount)
            : randint(available, [deadCount], generator: generator);
        var fresh = flat.index_select(0, rows);
        codebook.index_copy_(0, dead, fresh);
        usage_count.index_fill_(0, dead, Options.DeadCodeThreshold);
        code_sums.index_copy_(0, dead, fresh * Options.DeadCodeThreshold);
        return deadCount;
    }

    /// <summary>Replaces the codebook by <paramref name="codes"/> [K, D]; usage counts restart at their initial value and
    /// the EMA sums follow (sums = codes × count), so a later EMA step starts from these codes.</summary>
    public void SetCodebook(Tensor codes)
    {
        if (codes.dim() != 2 || codes.shape[0] != Options.CodebookSize || codes.shape[1] != Options.CodeDimension)
            throw new ArgumentException($"The codebook must be [{Options.CodebookSize}, {Options.CodeDimension}]; got [{string.Join(", ", codes.shape)}].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        codebook.copy_(codes);
        usage_count.fill_(InitialCount);
        code_sums.copy_(codes * InitialCount);
    }

    private Tensor SmoothedCounts()
    {
        var total = usage_count.sum();
        var k = Options.CodebookSize;
        var epsilon = Options.LaplaceEpsilon;
        return (usage_count + epsilon) / (total + k * epsilon) * total;
    }

    private void CheckIndexRange(Tensor codes)
    {
        if (codes.dtype != ScalarType.Int64)
            throw new ArgumentException($"Code indices must be int64; got {codes.dtype}.");
        if (codes.numel() > 0 && (codes.min().item<long>() < 0 || codes.max().item<long>() >= Options.CodebookSize))
            throw new ArgumentException($"Code indices must lie in [0, {Options.CodebookSize}).");
    }

    /// <summary>Nearest rows of <paramref name="codes"/> for every row of <paramref name="flat"/>, by
    /// ‖z − e‖² = ‖z‖² − 2 z·e + ‖e‖², in chunks of rows.</summary>
    private static Tensor NearestCodes(Tensor flat, Tensor codes)
    {
        using var noGrad = no_grad();
        if (flat.shape[0] == 0) return zeros(0, dtype: ScalarType.Int64);
        var codeNorms = codes.square().sum(dim: 1);
        var parts = new List<Tensor>();
        for (long start = 0; start < flat.shape[0]; start += DistanceChunkRows)
        {
            // A scope per chunk: the [chunk, K] temporaries are freed at once instead of piling up over a whole data set.
            using var chunkScope = NewDisposeScope();
            var rows = flat.narrow(0, start, Math.Min(DistanceChunkRows, flat.shape[0] - start)).detach();
            var distances = rows.square().sum(dim: 1, keepdim: true) - 2 * rows.mm(codes.t()) + codeNorms;
            parts.Add(distances.argmin(1).MoveToOuterDisposeScope());
        }
        return parts.Count == 1 ? parts[0] : cat(parts, 0);
    }

    /// <summary>[N, D, H, W] → [N·H·W, D] (positions as rows), or [N, D] unchanged.</summary>
    private Tensor Flatten(Tensor input)
    {
        var d = Options.CodeDimension;
        var vectorInput = input.dim() == 2 && input.shape[1] == d;
        var gridInput = input.dim() == 4 && input.shape[1] == d;
        if (!vectorInput && !gridInput)
            throw new ArgumentException($"VectorQuantizer takes channels-first [N, {d}, H, W] or vectors [N, {d}]; got [{string.Join(", ", input.shape)}].");
        if (input.dtype != codebook.dtype)
            throw new ArgumentException($"Input dtype {input.dtype} differs from the codebook's {codebook.dtype}; convert one of them.");
        return vectorInput ? input : input.movedim([1], [-1]).reshape(-1, d);
    }

    /// <summary>Rows [N·H·W, D] back to the input's layout [N, D, H, W] (or [N, D]).</summary>
    private static Tensor Unflatten(Tensor rows, Tensor like)
    {
        if (like.dim() == 2) return rows;
        return rows.reshape(like.shape[0], like.shape[2], like.shape[3], like.shape[1]).movedim([-1], [1]);
    }

    private static Tensor IndexGrid(Tensor indices, Tensor like) =>
        like.dim() == 2 ? indices : indices.reshape(like.shape[0], like.shape[2], like.shape[3]);

    private static Tensor PerExampleMean(Tensor values) => values.reshape(values.shape[0], -1).mean([1]);
}
