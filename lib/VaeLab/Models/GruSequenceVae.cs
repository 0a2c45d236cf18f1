using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of <see cref="GruSequenceVae"/>: tokens 0 … V−1, an embedding, one GRU layer each way, the latent.</summary>
/// <param name="LatentAtEveryStep">Also feed z to the decoder at every step, concatenated with the previous token's
/// embedding (as He et al. 2019 do), not only through the initial state.</param>
public sealed record GruSequenceVaeOptions(int VocabularySize = 20, int EmbeddingSize = 32, int HiddenSize = 128, int LatentSize = 16, bool LatentAtEveryStep = false)
{
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentException($"The vocabulary needs at least 2 tokens; got {VocabularySize}.");
        if (EmbeddingSize < 1 || HiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"Sizes must be positive; got embedding {EmbeddingSize}, hidden {HiddenSize}, latent {LatentSize}.");
    }
}

/// <summary>
/// The sentence VAE of Bowman et al. 2016 ("Generating sentences from a continuous space") on token sequences int64
/// [N, T]: an embedding and a GRU read the sequence, its last hidden state gives μ and log σ² of q(z | x); the decoder
/// is a GRU whose initial state is tanh(W z + b) (and, with <see cref="GruSequenceVaeOptions.LatentAtEveryStep"/>, whose
/// input at every step also carries z), fed the previous token (a start symbol, index V, at t = 1), and
/// p(x_t | x_{&lt;t}, z) is a Categorical over the V tokens. log_likelihood = Σ_t log p(x_t | x_{&lt;t}, z).
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
        decoderEmbedding = Embedding(o.VocabularySize + 1, o.EmbeddingSize); // + the start symbol
        latentToHidden = Linear(o.LatentSize, o.HiddenSize);
        decoderGru = GRU(o.EmbeddingSize + (o.LatentAtEveryStep ? o.LatentSize : 0), o.HiddenSize, batchFirst: true);
        decoderOutput = Linear(o.HiddenSize, o.VocabularySize);
        RegisterComponents();
    }

    public GruSequenceVaeOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    /// <summary>The start symbol fed to the decoder before the first token.</summary>
    public long StartToken => Options.VocabularySize;

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
        var start = full([x.shape[0], 1], StartToken, dtype: ScalarType.Int64, device: x.device);
        var previous = cat([start, x.narrow(1, 0, x.shape[1] - 1)], 1);
        var initial = latentToHidden.call(z).tanh().unsqueeze(0);
        var inputs = decoderEmbedding.call(previous);
        if (Options.LatentAtEveryStep) inputs = cat([inputs, z.unsqueeze(1).expand(-1, x.shape[1], -1)], 2);
        var (states, _) = decoderGru.call(inputs, initial);
        return decoderOutput.call(states);
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
