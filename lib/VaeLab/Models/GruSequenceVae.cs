using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of <see cref="GruSequenceVae"/>: tokens 0 … V−1, an embedding, one GRU layer each way, the latent.</summary>
/// <param name="LatentAtEveryStep">Also feed z to the decoder at every step, concatenated with the previous token's
/// embedding (as He et al. 2019 do), not only through the initial state.</param>
/// <param name="WordDropout">Bowman et al. 2016's word dropout (§3.1, "Word dropout and historyless decoding"): while
/// training, each previous token fed to the decoder is replaced by an unknown-token symbol with this probability (their
/// keep rate k is 1 − this), so the decoder has to lean on z to predict well. 0 is off; evaluation never drops tokens.</param>
/// <param name="DecoderSeesLatent">false gives the decoder z = 0 for every example: the GRU decoder on its own, the
/// control that measures what this decoder reaches without a code (its log p(x | z) is then its exact log-likelihood).</param>
public sealed record GruSequenceVaeOptions(int VocabularySize = 20, int EmbeddingSize = 32, int HiddenSize = 128, int LatentSize = 16,
    bool LatentAtEveryStep = false, double WordDropout = 0, bool DecoderSeesLatent = true)
{
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentException($"The vocabulary needs at least 2 tokens; got {VocabularySize}.");
        if (EmbeddingSize < 1 || HiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"Sizes must be positive; got embedding {EmbeddingSize}, hidden {HiddenSize}, latent {LatentSize}.");
        if (!(WordDropout >= 0 && WordDropout < 1))
            throw new ArgumentException($"Word dropout is a probability in [0, 1) (1 would leave the decoder no previous token at all); got {WordDropout}.");
    }
}

/// <summary>
/// The sentence VAE of Bowman et al. 2016 ("Generating sentences from a continuous space") on token sequences int64
/// [N, T]: an embedding and a GRU read the sequence, its last hidden state gives μ and log σ² of q(z | x); the decoder
/// is a GRU whose initial state is tanh(W z + b) (and, with <see cref="GruSequenceVaeOptions.LatentAtEveryStep"/>, whose
/// input at every step also carries z), fed the previous token (a start symbol, index V, at t = 1; with word dropout,
/// sometimes an unknown-token symbol, index V + 1, instead), and p(x_t | x_{&lt;t}, z) is a Categorical over the V
/// tokens. log_likelihood = Σ_t log p(x_t | x_{&lt;t}, z). <see cref="ReplicatedGruSequenceVae"/> trains several of these at once.
/// </summary>
public sealed class GruSequenceVae : AutoregressiveVae, IValidatesData
{
    private readonly Embedding encoderEmbedding;
    private readonly GRU encoderGru;
    private readonly Linear encoderMean;
    private readonly Linear encoderLogVariance;
    private readonly Embedding decoderEmbedding;
    private readonly Linear latentToHidden;
    private readonly GRU decoderGru;
    private readonly Linear decoderOutput;

    public GruSequenceVae(GruSequenceVaeOptions? options = null) : base(nameof(GruSequenceVae))
    {
        Options = options ?? new GruSequenceVaeOptions();
        Options.Validate();
        var o = Options;
        encoderEmbedding = Embedding(o.VocabularySize, o.EmbeddingSize);
        encoderGru = GRU(o.EmbeddingSize, o.HiddenSize, batchFirst: true);
        encoderMean = Linear(o.HiddenSize, o.LatentSize);
        encoderLogVariance = Linear(o.HiddenSize, o.LatentSize);
        decoderEmbedding = Embedding(o.VocabularySize + 2, o.EmbeddingSize); // + the start and the unknown-token symbols
        latentToHidden = Linear(o.LatentSize, o.HiddenSize);
        decoderGru = GRU(o.EmbeddingSize + (o.LatentAtEveryStep ? o.LatentSize : 0), o.HiddenSize, batchFirst: true);
        decoderOutput = Linear(o.HiddenSize, o.VocabularySize);
        RegisterComponents();
    }

    public GruSequenceVaeOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    /// <summary>The start symbol fed to the decoder before the first token.</summary>
    public long StartToken => Options.VocabularySize;

    /// <summary>The symbol word dropout feeds the decoder in place of a previous token.</summary>
    public long UnknownToken => Options.VocabularySize + 1;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        CheckTokens(x);
        var (_, last) = encoderGru.call(encoderEmbedding.call(x), null);
        var hidden = last.squeeze(0);
        return (encoderMean.call(hidden), encoderLogVariance.call(hidden));
    }

    public override Tensor LogLikelihood(Tensor z, Tensor x)
    {
        CheckTokens(x);
        var (flatZ, flatX, leading) = Broadcast(z, x);
        var logits = DecoderLogits(flatZ, flatX);                                        // [M, T, V]
        var perToken = functional.log_softmax(logits, -1).gather(-1, flatX.unsqueeze(-1)).squeeze(-1);
        return perToken.sum(-1).reshape(leading);
    }

    /// <summary>Next-token logits [M, T, V] with teacher forcing (the true previous tokens fed in): position t sees the start symbol and x_1 … x_{t−1}.</summary>
    public Tensor DecoderLogits(Tensor z, Tensor x)
    {
        var previous = PreviousTokens(x, StartToken, UnknownToken, training ? Options.WordDropout : 0);
        if (!Options.DecoderSeesLatent) z = zeros_like(z);
        var initial = latentToHidden.call(z).tanh().unsqueeze(0);
        var inputs = decoderEmbedding.call(previous);
        if (Options.LatentAtEveryStep) inputs = cat([inputs, z.unsqueeze(1).expand(-1, x.shape[1], -1)], 2);
        var (states, _) = decoderGru.call(inputs, initial);
        return decoderOutput.call(states);
    }

    /// <summary>
    /// What the decoder is fed at each position of x [..., T]: the start symbol, then x_1 … x_{T−1}, each replaced by the
    /// unknown-token symbol with probability <paramref name="dropout"/> (drawn from torch's global generator; the start
    /// symbol is never dropped). <paramref name="dropout"/> may also be a tensor broadcasting against x's leading axes.
    /// </summary>
    public static Tensor PreviousTokens(Tensor x, long startToken, long unknownToken, double dropout) =>
        PreviousTokens(x, startToken, unknownToken, dropout > 0 ? tensor(dropout) : null);

    /// <inheritdoc cref="PreviousTokens(Tensor, long, long, double)"/>
    public static Tensor PreviousTokens(Tensor x, long startToken, long unknownToken, Tensor? dropout)
    {
        var length = x.shape[^1];
        var start = full([.. x.shape[..^1], 1], startToken, dtype: ScalarType.Int64, device: x.device);
        var previous = cat([start, x.narrow(-1, 0, length - 1)], -1);
        if (dropout is null) return previous;
        var drop = rand(previous.shape, device: x.device).lt(dropout).logical_and(arange(length, device: x.device).gt(0));
        return where(drop, full_like(previous, unknownToken), previous);
    }

    public void ValidateData(Tensor data, string what) => CheckTokens(data, what);

    private void CheckTokens(Tensor x, string what = "tokens")
    {
        if (x.dtype != ScalarType.Int64 || x.dim() != 2 || x.shape[1] < 1)
            throw new ArgumentException($"{GetName()} reads {what} as int64 [N, T]; got {x.dtype} [{string.Join(", ", x.shape)}].");
        if (x.numel() > 0 && (x.min().item<long>() < 0 || x.max().item<long>() >= Options.VocabularySize))
            throw new ArgumentException($"{GetName()}: {what} must be in [0, {Options.VocabularySize}).");
    }
}
