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
/// </summary>
public sealed class ReplicaMlpVae : nn.Module<Tensor, ModelOutput>
{
    // Stacked weights [R, in, out] (transposed from Linear's [out, in]) and biases [R, 1, out].
    private readonly Parameter encoderHiddenWeight, encoderHiddenBias;
    private readonly Parameter encoderMeanWeight, encoderMeanBias;
    private readonly Parameter encoderLogVarianceWeight, encoderLogVarianceBias;
    private readonly Parameter decoderHiddenWeight, decoderHiddenBias;
    private readonly Parameter decoderOutputWeight, decoderOutputBias;

    /// <summary>One replica per seed, each initialised as <c>new ModelSpec("mlp", …).Create(seed)</c> would be.</summary>
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

    /// <summary>μ and log σ² of every replica's batch: x [R, B, …] → [R, B, D] each.</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var flat = Flatten(x);
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

    /// <summary>
    /// One batch per replica, x [R, B, …]: the ELBO terms of every example, flattened replica by replica ([R·B], replica r
    /// at rows r·B … r·B + B − 1), with the posterior, z and the KL per dimension flattened the same way ([R·B, D]).
    /// </summary>
    public override ModelOutput forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        var rows = mean.shape[0] * mean.shape[1];
        var posterior = DiagonalNormal.FromLogVariance(mean.reshape(rows, LatentSize), logVariance.reshape(rows, LatentSize));
        var z = posterior.rsample();
        var logits = Decode(z.reshape(Replicas, -1, LatentSize)).reshape(rows, -1);
        var klPerDimension = GaussianKl.ToStandardNormal(posterior);
        var terms = new Dictionary<string, Tensor>
        {
            [TermNames.LogLikelihood] = DecoderLikelihood.Bernoulli.LogProbability(logits, x.reshape(rows, -1)),
            [TermNames.Kl] = GaussianKl.Total(klPerDimension),
        };
        return new ModelOutput(terms) { Posterior = posterior, Latent = z, KlPerDimension = klPerDimension, DecoderOutput = logits };
    }

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

    private Tensor Flatten(Tensor x)
    {
        if (x.dim() < 2 || x.shape[0] != Replicas)
            throw new ArgumentException($"Give one batch per replica, shaped [{Replicas}, B, …]; got [{string.Join(", ", x.shape)}].");
        var flat = x.reshape(Replicas, x.shape[1], -1);
        if (flat.shape[2] != Options.InputSize)
            throw new ArgumentException($"ReplicaMlpVae expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
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
