using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Common;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// R copies of <see cref="MlpVae"/> trained as one model: every weight matrix is stacked along a replica axis and each
/// layer is one batched matrix product (<c>bmm</c>) over that axis. Replica r starts from exactly the weights of the
/// MLP VAE built from its seed (<see cref="Seeds"/>), takes its own batch ([R, B, …]: row r is replica r's batch, in its
/// own order) and never mixes with another replica: no weight, activation or loss term is shared, so when the loss is the
/// sum of the replicas' losses each replica receives exactly its own gradient, and Adam, which acts elementwise, steps
/// each replica exactly as it would step a model trained alone. On two CPU cores a small MLP is dominated by per-step
/// overhead, so R replicas cost far less than R separate runs (notebook 05 measures it). Evaluate a replica with
/// <see cref="Replica"/>, which copies it out as an ordinary <see cref="MlpVae"/>.
/// In distributions: q(z|x), z and p(x|z) cover all R·B rows, replica-major (row r·B + b is example b of replica r), so
/// the one <see cref="ElboPass"/> reports every term per replica and example, and a per-replica objective
/// (<c>Objectives.ReplicaObjective</c>) slices them. A batch [B, …] (each example <see cref="MlpVaeOptions.InputSize"/>
/// values) is read by every replica, in the same order; a batch [R, B, …] with B ≥ 2 gives replica r its own rows.
/// </summary>
public sealed class ReplicaMlpVae : LatentVariableModel, ILatentVariableModel, IValidatesData
{
    // Stacked weights [R, in, out] (transposed from Linear's [out, in]) and biases [R, 1, out].
    private readonly Parameter encoderHiddenWeight, encoderHiddenBias;
    private readonly Parameter encoderMeanWeight, encoderMeanBias;
    private readonly Parameter encoderLogVarianceWeight, encoderLogVarianceBias;
    private readonly Parameter decoderHiddenWeight, decoderHiddenBias;
    private readonly Parameter decoderOutputWeight, decoderOutputBias;
    private StandardNormal? prior;

    /// <summary>One replica per seed, each initialised as the catalogue builds the MLP VAE from that seed (<c>ModelCatalogue.Mlp</c>).</summary>
    public ReplicaMlpVae(MlpVaeOptions options, IReadOnlyList<int> seeds) : base(nameof(ReplicaMlpVae))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        options.Validate();
        if (seeds.Count < 1) throw new ArgumentException("Give at least one seed (one replica per seed).");
        if ((options.Likelihood ?? DecoderLikelihood.Bernoulli).Kind != DecoderKind.Bernoulli)
            throw new ArgumentException("ReplicaMlpVae has a Bernoulli decoder; train other likelihoods with MlpVae.");
        Options = options;
        Seeds = seeds.ToArray();
        var replicas = Seeds.Select(seed =>
        {
            using var random = TorchRandom.Seeded(seed);
            return new MlpVae(options);
        }).ToList();
        using (no_grad())
        {
            (encoderHiddenWeight, encoderHiddenBias) = Stack(replicas, m => m.Layers.EncoderHidden);
            (encoderMeanWeight, encoderMeanBias) = Stack(replicas, m => m.Layers.EncoderMean);
            (encoderLogVarianceWeight, encoderLogVarianceBias) = Stack(replicas, m => m.Layers.EncoderLogVariance);
            (decoderHiddenWeight, decoderHiddenBias) = Stack(replicas, m => m.Layers.DecoderHidden);
            (decoderOutputWeight, decoderOutputBias) = Stack(replicas, m => m.Layers.DecoderOutput);
        }
        foreach (var replica in replicas) replica.Dispose();
        RegisterComponents();
    }

    public MlpVaeOptions Options { get; }

    /// <summary>The seed each replica was initialised from, in replica order.</summary>
    public IReadOnlyList<int> Seeds { get; }

    public int Replicas => Seeds.Count;

    public int LatentSize => Options.LatentSize;

    /// <summary>μ and log σ² of every replica's batch: [R, B, D] each (see <see cref="ReplicaBatch"/> for the two batch layouts).</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var flat = ReplicaBatch(x);
        var hidden = nn.functional.relu(flat.bmm(encoderHiddenWeight) + encoderHiddenBias);
        return (hidden.bmm(encoderMeanWeight) + encoderMeanBias, hidden.bmm(encoderLogVarianceWeight) + encoderLogVarianceBias);
    }

    /// <summary>Bernoulli logits [R, B, pixels] for latents [R, B, D].</summary>
    public Tensor Decode(Tensor z)
    {
        if (z.dim() != 3 || z.shape[0] != Replicas || z.shape[2] != LatentSize)
            throw new ArgumentException($"Decode latents shaped [{Replicas}, B, {LatentSize}]; got [{string.Join(", ", z.shape)}].");
        var hidden = nn.functional.relu(z.bmm(decoderHiddenWeight) + decoderHiddenBias);
        return hidden.bmm(decoderOutputWeight) + decoderOutputBias;
    }

    /// <summary>q(z|x) over all R·B rows, replica-major: [R·B, D].</summary>
    public override Distribution Posterior(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        return DiagonalNormal.FromLogVariance(mean.reshape(-1, LatentSize), logVariance.reshape(-1, LatentSize));
    }

    public override Distribution Prior => prior ??= new StandardNormal(LatentSize);

    /// <summary>p(x|z) for replica-major latents [R·B, D]: each replica decodes its own rows.</summary>
    public override Distribution Likelihood(Tensor z)
    {
        if (z.dim() != 2 || z.shape[0] % Replicas != 0)
            throw new ArgumentException($"Give replica-major latents [R·B, {LatentSize}] with R = {Replicas}; got [{string.Join(", ", z.shape)}].");
        var logits = Decode(z.reshape(Replicas, -1, LatentSize));
        return new PixelLikelihood(DecoderLikelihood.Bernoulli, logits.reshape(z.shape[0], -1));
    }

    /// <summary>The pixels each row's likelihood scores: the replica batches flattened replica-major, [R·B, pixels].</summary>
    public Tensor Observed(Tensor x) => ReplicaBatch(x).reshape(-1, Options.InputSize);

    public void ValidateData(Tensor data, string what) => DecoderLikelihood.Bernoulli.ValidateTargets(data, what);

    /// <summary>Replica <paramref name="replica"/> copied out as an ordinary MLP VAE (its own tensors; dispose it).</summary>
    public MlpVae Replica(int replica)
    {
        if (replica < 0 || replica >= Replicas) throw new ArgumentOutOfRangeException(nameof(replica), replica, $"There are {Replicas} replicas.");
        var model = new MlpVae(Options);
        using (no_grad())
        {
            Copy(model.Layers.EncoderHidden, encoderHiddenWeight, encoderHiddenBias, replica);
            Copy(model.Layers.EncoderMean, encoderMeanWeight, encoderMeanBias, replica);
            Copy(model.Layers.EncoderLogVariance, encoderLogVarianceWeight, encoderLogVarianceBias, replica);
            Copy(model.Layers.DecoderHidden, decoderHiddenWeight, decoderHiddenBias, replica);
            Copy(model.Layers.DecoderOutput, decoderOutputWeight, decoderOutputBias, replica);
        }
        model.eval();
        return model;
    }

    /// <summary>
    /// x as [R, B, pixels]: a batch [B, …] whose examples hold <see cref="MlpVaeOptions.InputSize"/> values each is given to
    /// every replica; a batch [R, B, …] (B ≥ 2) gives replica r the rows x[r].
    /// </summary>
    private Tensor ReplicaBatch(Tensor x)
    {
        if (x.dim() >= 2 && x.numel() == x.shape[0] * Options.InputSize)
            return x.reshape(1, x.shape[0], Options.InputSize).expand(Replicas, -1, -1);
        if (x.dim() >= 3 && x.shape[0] == Replicas && x.numel() == x.shape[0] * x.shape[1] * Options.InputSize)
            return x.reshape(Replicas, x.shape[1], Options.InputSize);
        throw new ArgumentException(
            $"ReplicaMlpVae reads a batch [B, …] of {Options.InputSize} values per example (every replica reads it) or one batch per replica [{Replicas}, B, …]; got [{string.Join(", ", x.shape)}].");
    }

    private static (Parameter Weight, Parameter Bias) Stack(IReadOnlyList<MlpVae> replicas, Func<MlpVae, Linear> layer)
    {
        var weight = stack(replicas.Select(m => layer(m).weight!.detach().t()).ToArray(), 0).contiguous();
        var bias = stack(replicas.Select(m => layer(m).bias!.detach().unsqueeze(0)).ToArray(), 0).contiguous();
        return (new Parameter(weight), new Parameter(bias));
    }

    private static void Copy(Linear target, Tensor weight, Tensor bias, int replica)
    {
        target.weight!.copy_(weight[replica].t());
        target.bias!.copy_(bias[replica].squeeze(0));
    }
}
