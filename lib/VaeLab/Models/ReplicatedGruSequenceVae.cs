using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Common;
using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// R independent <see cref="GruSequenceVae"/>s trained as one model: every weight carries a leading replica axis, the
/// GRUs step all replicas with one batched matrix product (<see cref="BatchedGru"/>), and replica r reads only its own
/// rows of a batch [R, B, T] (a [B, T] batch is read by every replica). The loss an objective builds from the per-example
/// terms is a sum over replicas (see <c>Objectives.ReplicaObjective</c>), so each replica's gradient, and with Adam its
/// every update, is the one it would get alone. Each replica starts from the weights a <see cref="GruSequenceVae"/>
/// gets under its own seed, and may have its own word-dropout rate and be given z = 0 (the decoder-alone control, which
/// starts from the same weights as a replica of the same seed that sees z); <see cref="Extract"/> returns replica r as an
/// ordinary <see cref="GruSequenceVae"/> for evaluation.
/// Terms are reported per example, replica-major: row r·B + b is example b of replica r.
/// </summary>
public sealed class ReplicatedGruSequenceVae : LatentVariableModel, IValidatesData
{
    private readonly Parameter encoderEmbedding;      // [R, V, E]
    private readonly BatchedGru encoderGru;
    private readonly Parameter encoderMeanWeight;     // [R, H, D]
    private readonly Parameter encoderMeanBias;       // [R, 1, D]
    private readonly Parameter encoderLogVarianceWeight;
    private readonly Parameter encoderLogVarianceBias;
    private readonly Parameter decoderEmbedding;      // [R, V + 2, E]
    private readonly Parameter latentToHiddenWeight;  // [R, D, H]
    private readonly Parameter latentToHiddenBias;    // [R, 1, H]
    private readonly BatchedGru decoderGru;
    private readonly Parameter decoderOutputWeight;   // [R, H, V]
    private readonly Parameter decoderOutputBias;     // [R, 1, V]
    private readonly Tensor dropoutRates;             // [R, 1, 1], not a parameter
    private readonly Tensor latentMask;               // [R, 1, 1]: 1 where the decoder sees z, 0 where it is given z = 0
    private StandardNormal? prior;

    /// <summary>
    /// One replica per seed in <paramref name="initialisationSeeds"/>, each initialised exactly as
    /// <c>new GruSequenceVae(options)</c> is after seeding torch with that seed; <paramref name="wordDropout"/> gives each
    /// replica's word-dropout rate (null: <paramref name="options"/>' rate for all), <paramref name="decoderSeesLatent"/>
    /// whether each replica's decoder sees z (null: <paramref name="options"/>' setting for all).
    /// </summary>
    public ReplicatedGruSequenceVae(GruSequenceVaeOptions options, IReadOnlyList<int> initialisationSeeds, IReadOnlyList<double>? wordDropout = null,
        IReadOnlyList<bool>? decoderSeesLatent = null)
        : base(nameof(ReplicatedGruSequenceVae))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (initialisationSeeds is null || initialisationSeeds.Count == 0) throw new ArgumentException("Give at least one replica (one initialisation seed each).");
        var rates = wordDropout ?? Enumerable.Repeat(options.WordDropout, initialisationSeeds.Count).ToArray();
        if (rates.Count != initialisationSeeds.Count)
            throw new ArgumentException($"Give one word-dropout rate per replica: {initialisationSeeds.Count} replicas, {rates.Count} rates.");
        foreach (var rate in rates) (options with { WordDropout = rate }).Validate();
        var sees = decoderSeesLatent ?? Enumerable.Repeat(options.DecoderSeesLatent, initialisationSeeds.Count).ToArray();
        if (sees.Count != initialisationSeeds.Count)
            throw new ArgumentException($"Say for every replica whether its decoder sees z: {initialisationSeeds.Count} replicas, {sees.Count} values.");
        Options = options;
        Replicas = initialisationSeeds.Count;
        WordDropoutRates = rates.ToArray();
        DecoderSeesLatent = sees.ToArray();
        var (r, v, e, h, d) = (Replicas, options.VocabularySize, options.EmbeddingSize, options.HiddenSize, options.LatentSize);
        encoderEmbedding = new Parameter(zeros(r, v, e));
        encoderGru = new BatchedGru(r, e, h);
        encoderMeanWeight = new Parameter(zeros(r, h, d));
        encoderMeanBias = new Parameter(zeros(r, 1, d));
        encoderLogVarianceWeight = new Parameter(zeros(r, h, d));
        encoderLogVarianceBias = new Parameter(zeros(r, 1, d));
        decoderEmbedding = new Parameter(zeros(r, v + 2, e));
        latentToHiddenWeight = new Parameter(zeros(r, d, h));
        latentToHiddenBias = new Parameter(zeros(r, 1, h));
        decoderGru = new BatchedGru(r, e + (options.LatentAtEveryStep ? d : 0), h);
        decoderOutputWeight = new Parameter(zeros(r, h, v));
        decoderOutputBias = new Parameter(zeros(r, 1, v));
        dropoutRates = tensor(WordDropoutRates.Select(p => (float)p).ToArray()).view(r, 1, 1);
        latentMask = tensor(DecoderSeesLatent.Select(s => s ? 1f : 0f).ToArray()).view(r, 1, 1);
        RegisterComponents();
        for (var replica = 0; replica < r; replica++)
        {
            using var seeded = TorchRandom.Seeded(initialisationSeeds[replica]);
            using var single = new GruSequenceVae(ReplicaOptions(replica));
            CopyFrom(replica, single);
        }
    }

    /// <summary>The sizes every replica shares (its word dropout is <see cref="WordDropoutRates"/>[r]).</summary>
    public GruSequenceVaeOptions Options { get; }

    public int Replicas { get; }

    public IReadOnlyList<double> WordDropoutRates { get; }

    /// <summary>Per replica, whether its decoder sees z (false: it is given z = 0, a GRU decoder on its own).</summary>
    public IReadOnlyList<bool> DecoderSeesLatent { get; }

    /// <summary>Replica r's own options: the shared sizes with its word-dropout rate and whether its decoder sees z.</summary>
    public GruSequenceVaeOptions ReplicaOptions(int replica)
    {
        CheckReplica(replica);
        return Options with { WordDropout = WordDropoutRates[replica], DecoderSeesLatent = DecoderSeesLatent[replica] };
    }

    public int LatentSize => Options.LatentSize;

    /// <summary>
    /// Every replica's q(z|x) on its own rows: x [R, B, T] (or [B, T], the same rows for every replica) gives a diagonal
    /// Gaussian over [R·B, D], replica-major (row r·B + b is example b of replica r). The forward pass is the one ELBO
    /// pass, so the terms, z and the KL per dimension come in the same order.
    /// </summary>
    public override Distribution Posterior(Tensor x)
    {
        var (mean, logVariance) = Encode(PerReplica(x));                                  // [R, B, D]
        return DiagonalNormal.FromLogVariance(mean.reshape(-1, LatentSize), logVariance.reshape(-1, LatentSize));
    }

    public override Distribution Prior => prior ??= new StandardNormal(LatentSize);

    /// <summary>p(x | z) for z [R·B, D], replica-major, scoring x [R, B, T] (or [B, T]) with teacher forcing: log_prob gives [R·B].</summary>
    public override Distribution Likelihood(Tensor z) => new AutoregressiveLikelihood(z, (latents, x) =>
    {
        var batch = PerReplica(x);
        if (latents.dim() != 2 || latents.shape[0] != Replicas * batch.shape[1])
            throw new ArgumentException($"{GetName()} scores latents [R·B, {LatentSize}] = [{Replicas * batch.shape[1]}, {LatentSize}]; got [{string.Join(", ", latents.shape)}] " +
                                        "(for several samples per example, extract the replica as its own model).");
        return LogLikelihood(latents.view(Replicas, -1, LatentSize), batch).reshape(-1);
    });

    /// <summary>μ and log σ² of every replica's q(z|x) for its rows x [R, B, T]: each [R, B, D].</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        CheckBatch(x);
        var (b, t) = (x.shape[1], x.shape[2]);
        var embedded = Lookup(encoderEmbedding, x);                                        // [R, B, T, E]
        var last = encoderGru.LastState(embedded, zeros(Replicas, b, Options.HiddenSize, device: x.device));
        return (last.bmm(encoderMeanWeight).add(encoderMeanBias), last.bmm(encoderLogVarianceWeight).add(encoderLogVarianceBias));
    }

    /// <summary>log p(x | z) of every replica with teacher forcing: z [R, B, D] and x [R, B, T] give [R, B].</summary>
    public Tensor LogLikelihood(Tensor z, Tensor x)
    {
        CheckBatch(x);
        if (z.dim() != 3 || z.shape[0] != Replicas || z.shape[1] != x.shape[1] || z.shape[2] != LatentSize)
            throw new ArgumentException($"Latents must be [{Replicas}, {x.shape[1]}, {LatentSize}]; got [{string.Join(", ", z.shape)}].");
        var (b, t, h) = (x.shape[1], x.shape[2], Options.HiddenSize);
        var previous = GruSequenceVae.PreviousTokens(x, Options.VocabularySize, Options.VocabularySize + 1, training && WordDropoutRates.Any(rate => rate > 0) ? dropoutRates : null);
        if (DecoderSeesLatent.Any(sees => !sees)) z = z * latentMask.to(z.dtype);          // z = 0 for the decoder-alone replicas
        var inputs = Lookup(decoderEmbedding, previous);                                   // [R, B, T, E]
        if (Options.LatentAtEveryStep) inputs = cat([inputs, z.unsqueeze(2).expand(-1, -1, t, -1)], 3);
        var initial = z.bmm(latentToHiddenWeight).add(latentToHiddenBias).tanh();
        var states = decoderGru.call(inputs, initial);                                      // [R, B, T, H]
        var logits = states.reshape(Replicas, b * t, h).bmm(decoderOutputWeight).add(decoderOutputBias).view(Replicas, b, t, -1);
        return functional.log_softmax(logits, -1).gather(-1, x.unsqueeze(-1)).squeeze(-1).sum(-1);
    }

    /// <summary>Sets replica <paramref name="replica"/>'s weights to <paramref name="model"/>'s (sizes must match).</summary>
    public void CopyFrom(int replica, GruSequenceVae model)
    {
        CheckReplica(replica);
        CheckSizes(model);
        var p = Parameters(model);
        using var noGrad = no_grad();
        encoderEmbedding[replica].copy_(p["encoderEmbedding.weight"]);
        encoderGru.CopyFrom(replica, Gru(p, "encoderGru"));
        encoderMeanWeight[replica].copy_(p["encoderMean.weight"].t());
        encoderMeanBias[replica, 0].copy_(p["encoderMean.bias"]);
        encoderLogVarianceWeight[replica].copy_(p["encoderLogVariance.weight"].t());
        encoderLogVarianceBias[replica, 0].copy_(p["encoderLogVariance.bias"]);
        decoderEmbedding[replica].copy_(p["decoderEmbedding.weight"]);
        latentToHiddenWeight[replica].copy_(p["latentToHidden.weight"].t());
        latentToHiddenBias[replica, 0].copy_(p["latentToHidden.bias"]);
        decoderGru.CopyFrom(replica, Gru(p, "decoderGru"));
        decoderOutputWeight[replica].copy_(p["decoderOutput.weight"].t());
        decoderOutputBias[replica, 0].copy_(p["decoderOutput.bias"]);
    }

    /// <summary>Replica <paramref name="replica"/> as an ordinary <see cref="GruSequenceVae"/> (a copy of its current weights, in evaluation mode).</summary>
    public GruSequenceVae Extract(int replica)
    {
        CheckReplica(replica);
        var model = new GruSequenceVae(ReplicaOptions(replica));
        var p = Parameters(model);
        using (no_grad())
        {
            p["encoderEmbedding.weight"].copy_(encoderEmbedding[replica]);
            encoderGru.CopyTo(replica, Gru(p, "encoderGru"));
            p["encoderMean.weight"].copy_(encoderMeanWeight[replica].t());
            p["encoderMean.bias"].copy_(encoderMeanBias[replica, 0]);
            p["encoderLogVariance.weight"].copy_(encoderLogVarianceWeight[replica].t());
            p["encoderLogVariance.bias"].copy_(encoderLogVarianceBias[replica, 0]);
            p["decoderEmbedding.weight"].copy_(decoderEmbedding[replica]);
            p["latentToHidden.weight"].copy_(latentToHiddenWeight[replica].t());
            p["latentToHidden.bias"].copy_(latentToHiddenBias[replica, 0]);
            decoderGru.CopyTo(replica, Gru(p, "decoderGru"));
            p["decoderOutput.weight"].copy_(decoderOutputWeight[replica].t());
            p["decoderOutput.bias"].copy_(decoderOutputBias[replica, 0]);
        }
        model.eval();
        return model;
    }

    public void ValidateData(Tensor data, string what)
    {
        if (data.dtype != ScalarType.Int64 || data.dim() is not (2 or 3) || data.shape[^1] < 1)
            throw new ArgumentException($"{GetName()} reads {what} as int64 [N, T] or [R, N, T]; got {data.dtype} [{string.Join(", ", data.shape)}].");
        if (data.dim() == 3 && data.shape[0] != Replicas)
            throw new ArgumentException($"{GetName()}: {what} has {data.shape[0]} replica rows; this model has {Replicas} replicas.");
        if (data.numel() > 0 && (data.min().item<long>() < 0 || data.max().item<long>() >= Options.VocabularySize))
            throw new ArgumentException($"{GetName()}: {what} must be in [0, {Options.VocabularySize}).");
    }

    /// <summary>[R, B, T] as given, or a [B, T] batch shared by every replica.</summary>
    private Tensor PerReplica(Tensor x) => x.dim() == 2 ? x.unsqueeze(0).expand(Replicas, -1, -1) : x;

    /// <summary>Row r of table [R, rows, E] looked up for replica r's tokens [R, ...]: [R, ..., E].</summary>
    private Tensor Lookup(Tensor table, Tensor tokens)
    {
        var rows = table.shape[1];
        var offsets = (arange(Replicas, dtype: ScalarType.Int64, device: tokens.device) * rows).view([Replicas, .. Enumerable.Repeat(1L, (int)tokens.dim() - 1)]);
        return table.view(Replicas * rows, -1).index_select(0, (tokens + offsets).flatten()).view([.. tokens.shape, table.shape[2]]);
    }

    private void CheckBatch(Tensor x)
    {
        if (x.dtype != ScalarType.Int64 || x.dim() != 3 || x.shape[0] != Replicas || x.shape[2] < 1)
            throw new ArgumentException($"{GetName()} reads tokens as int64 [{Replicas} replicas, B, T]; got {x.dtype} [{string.Join(", ", x.shape)}].");
    }

    private void CheckReplica(int replica)
    {
        if (replica < 0 || replica >= Replicas) throw new ArgumentOutOfRangeException(nameof(replica), replica, $"Replicas are 0 … {Replicas - 1}.");
    }

    private void CheckSizes(GruSequenceVae model)
    {
        if (model.Options with { WordDropout = 0, DecoderSeesLatent = true } != Options with { WordDropout = 0, DecoderSeesLatent = true })
            throw new ArgumentException($"The model's sizes {model.Options} differ from the replicas' {Options}.");
    }

    private static Dictionary<string, Tensor> Parameters(GruSequenceVae model) =>
        model.named_parameters().ToDictionary(n => n.name, n => (Tensor)n.parameter);

    private static (Tensor, Tensor, Tensor, Tensor) Gru(Dictionary<string, Tensor> p, string name) =>
        (p[$"{name}.weight_ih_l0"], p[$"{name}.weight_hh_l0"], p[$"{name}.bias_ih_l0"], p[$"{name}.bias_hh_l0"]);
}
