using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Priors;

/// <summary>Sizes of a <see cref="CausalTransformerPrior"/>.</summary>
/// <param name="CodebookSize">K, the number of codes.</param>
/// <param name="Positions">P, the length of a flattened code grid (49 for 7 × 7).</param>
/// <param name="ModelSize">Width of embeddings and layers (64–128 keeps an epoch over 20,000 grids to seconds).</param>
/// <param name="Heads">Attention heads; must divide <paramref name="ModelSize"/>.</param>
/// <param name="Layers">Transformer layers.</param>
/// <param name="MlpSize">Hidden width of each layer's MLP (4 × ModelSize is usual).</param>
/// <param name="Seed">Seed of the initial weights.</param>
public sealed record CausalTransformerPriorOptions(
    int CodebookSize,
    int Positions,
    int ModelSize = 64,
    int Heads = 4,
    int Layers = 2,
    int MlpSize = 256,
    int Seed = 0)
{
    public void Validate()
    {
        if (CodebookSize < 2)
            throw new ArgumentException($"CodebookSize (K) must be at least 2; got {CodebookSize}. Use the quantiser's codebook size.");
        if (Positions < 1)
            throw new ArgumentException($"Positions must be positive; got {Positions}. Use H × W of the code grid.");
        if (ModelSize < 1 || Heads < 1 || ModelSize % Heads != 0)
            throw new ArgumentException($"ModelSize must be a positive multiple of Heads; got {ModelSize} and {Heads}.");
        if (Layers < 1 || MlpSize < 1)
            throw new ArgumentException($"Layers and MlpSize must be positive; got {Layers} and {MlpSize}.");
    }
}

/// <summary>
/// An autoregressive prior over flattened code grids c_1 … c_P (the learned prior of VQ-VAE, van den Oord et al. 2017,
/// §3.1 and §4, there a PixelCNN): p(c) = Π_t p(c_t | c_&lt;t), each factor a softmax over K codes from a small causal
/// transformer. Position t reads a start token followed by c_1 … c_{t−1}, so its logits never see c_t or later codes.
/// Embeddings: a token embedding of K + 1 symbols (the codes and the start token) plus a learned position embedding.
/// forward(codes [N, P] int64) returns logits [N, P, K].
/// </summary>
public sealed class CausalTransformerPrior : Module<Tensor, Tensor>
{
    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;
    private readonly ModuleList<CausalTransformerBlock> blocks;
    private readonly LayerNorm final_norm;
    private readonly Linear head;

    public CausalTransformerPrior(CausalTransformerPriorOptions options) : base(nameof(CausalTransformerPrior))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        token_embedding = Embedding(options.CodebookSize + 1, options.ModelSize);
        position_embedding = Embedding(options.Positions, options.ModelSize);
        blocks = new ModuleList<CausalTransformerBlock>();
        for (var i = 0; i < options.Layers; i++)
            blocks.Add(new CausalTransformerBlock(options.ModelSize, options.Heads, options.MlpSize));
        final_norm = LayerNorm(options.ModelSize);
        head = Linear(options.ModelSize, options.CodebookSize);
        RegisterComponents();
        using (var generator = new Generator((ulong)options.Seed)) InitialiseWeights(generator);
    }

    public CausalTransformerPriorOptions Options { get; }

    /// <summary>The index of the start token in the token embedding (after the K codes).</summary>
    public long StartToken => Options.CodebookSize;

    /// <summary>Logits [N, T, K] of c_1 … c_T given the codes before each; <paramref name="codes"/> is [N, T], T ≤ P.
    /// (Only c_1 … c_{T−1} are read.)</summary>
    public override Tensor forward(Tensor codes)
    {
        CheckCodes(codes, allowShorter: true);
        var n = codes.shape[0];
        var t = codes.shape[1];
        var start = full(n, 1, StartToken, dtype: ScalarType.Int64, device: codes.device);
        var shifted = cat([start, codes.narrow(1, 0, t - 1)], 1);
        var positions = arange(t, dtype: ScalarType.Int64, device: codes.device);
        var hidden = token_embedding.call(shifted) + position_embedding.call(positions);
        foreach (var block in blocks)
            hidden = block.call(hidden);
        return head.call(final_norm.call(hidden));
    }

    /// <summary>
    /// log p(c) = Σ_t log softmax(logits_t)[c_t] in nats, per example [N], for code grids [N, P] (or [N, H, W] with
    /// H·W = P). Training minimises its negative mean; compare NLL / P with log K, the cost of a uniform prior.
    /// </summary>
    public Tensor LogLikelihood(Tensor codes)
    {
        var flat = codes.dim() == 3 ? codes.reshape(codes.shape[0], -1) : codes;
        CheckCodes(flat, allowShorter: false);
        var logProbabilities = functional.log_softmax(forward(flat), -1);
        return logProbabilities.gather(-1, flat.unsqueeze(-1)).squeeze(-1).sum(dim: 1);
    }

    /// <summary>
    /// Draws <paramref name="count"/> code grids [count, P] (int64) ancestrally: c_1 ~ p(c_1), then c_t ~ p(c_t | c_&lt;t),
    /// without gradient. <paramref name="temperature"/> divides the logits (1 = the model's distribution).
    /// </summary>
    public Tensor Sample(int count, Generator generator, double temperature = 1.0)
    {
        if (count < 1) throw new ArgumentException($"count must be positive; got {count}.");
        if (!(temperature > 0)) throw new ArgumentException($"temperature must be positive; got {temperature}.");
        using var noGrad = no_grad();
        var device = head.weight!.device;
        var codes = zeros(count, Options.Positions, dtype: ScalarType.Int64, device: device);
        for (var t = 0; t < Options.Positions; t++)
        {
            using var scope = NewDisposeScope();
            // Logits of position t read only codes before t, so the zeros after it do not matter.
            var logits = forward(codes.narrow(1, 0, t + 1)).select(1, t) / temperature;
            var drawn = multinomial(functional.softmax(logits, -1), 1, generator: generator).squeeze(1);
            codes.select(1, t).copy_(drawn);
        }
        return codes;
    }

    /// <summary>GPT-2's initialisation (Radford et al. 2019): matrices and embeddings N(0, 0.02²), biases 0, layer norms
    /// left at scale 1 and shift 0; drawn from a generator of our own so the same seed gives the same prior.</summary>
    private void InitialiseWeights(Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (parameter.dim() == 2)
                parameter.copy_(randn(parameter.shape, dtype: parameter.dtype, generator: generator) * 0.02);
            else if (name.EndsWith("bias", StringComparison.Ordinal))
                parameter.zero_();
        }
    }

    private void CheckCodes(Tensor codes, bool allowShorter)
    {
        if (codes.dtype != ScalarType.Int64)
            throw new ArgumentException($"Code grids must be int64; got {codes.dtype}.");
        var p = Options.Positions;
        var lengthOk = codes.dim() == 2 && (allowShorter ? codes.shape[1] is >= 1 && codes.shape[1] <= p : codes.shape[1] == p);
        if (!lengthOk)
            throw new ArgumentException($"Code grids must be [N, {p}]; got [{string.Join(", ", codes.shape)}].");
        if (codes.numel() > 0 && (codes.min().item<long>() < 0 || codes.max().item<long>() >= Options.CodebookSize))
            throw new ArgumentException($"Codes must lie in [0, {Options.CodebookSize}).");
    }
}
