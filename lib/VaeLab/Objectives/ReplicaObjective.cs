using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// One objective per replica of a replica-batched model (e.g. <see cref="ReplicatedGruSequenceVae"/>), whose per-example
/// terms come replica-major: the first B rows are replica 0's batch, the next B replica 1's, and so on. Each replica's
/// rows are handed to its own objective as if that replica were trained alone (a KL schedule, free bits on its own
/// batch average), and the losses are summed, so replica r's gradient is exactly the gradient of its own objective:
/// several seeds, or several methods on the same initial weights, train as one model without influencing each other.
/// What each objective applied is in <see cref="AppliedWeights.Replicas"/> (the top-level fields hold their mean);
/// extra terms are reported as "replica r/name".
/// </summary>
public sealed class ReplicaObjective : IObjective
{
    public ReplicaObjective(IReadOnlyList<IObjective> replicas)
    {
        if (replicas is null || replicas.Count == 0) throw new ArgumentException("Give one objective per replica (at least one).");
        Replicas = replicas;
    }

    /// <summary>Replica r's objective.</summary>
    public IReadOnlyList<IObjective> Replicas { get; }

    public ObjectiveResult Compute(ModelOutput output, TrainingStep step)
    {
        var rows = output.LogLikelihood.shape[0];
        if (rows % Replicas.Count != 0)
            throw new ArgumentException($"{rows} rows cannot be split evenly among {Replicas.Count} replicas; a replica-batched model reports R·B rows.");
        var batch = rows / Replicas.Count;
        Tensor? loss = null;
        var weights = new List<AppliedWeights>();
        var extra = new Dictionary<string, Tensor>();
        for (var r = 0; r < Replicas.Count; r++)
        {
            using var part = Slice(output, r * batch, batch);
            var result = Replicas[r].Compute(part, step);
            loss = loss is null ? result.Loss : loss + result.Loss;
            weights.Add(result.Weights);
            foreach (var (name, value) in result.ExtraTerms) extra[$"replica {r}/{name}"] = value;
        }
        return new ObjectiveResult(loss!, AppliedWeights.Mean(weights) with { Replicas = weights }, extra);
    }

    /// <summary>
    /// Rows [start, start + length) of a model output: its terms and, for a latent-variable model, q(z|x) (a diagonal
    /// Gaussian), z and the KL per latent variable. The slice's likelihood cannot score data (score a replica with its own
    /// model); objectives do not need it. Dispose the slice; it leaves <paramref name="output"/> intact.
    /// </summary>
    public static ModelOutput Slice(ModelOutput output, long start, long length)
    {
        var terms = output.Terms.ToDictionary(t => t.Key, t => t.Value.narrow(0, start, length));
        if (output.Latent is not { } latent) return new ModelOutput(terms);
        var posterior = latent.Posterior as DiagonalNormal
            ?? throw new NotSupportedException($"Slicing a replica-batched output needs a diagonal-Gaussian q(z|x); this one is a {latent.Posterior.GetType().Name}.");
        var sliced = new LatentOutput(
            DiagonalNormal.FromLogVariance(posterior.mean.narrow(0, start, length), posterior.LogVariance.narrow(0, start, length)),
            latent.Prior,
            latent.Sample.narrow(0, start, length),
            new SlicedLikelihood(),
            new KlDivergence(latent.Kl.PerVariable.narrow(0, start, length), latent.Kl.Method));
        return new ModelOutput(terms, sliced);
    }

    /// <summary>Stands in for p(x|z) in a slice: the replica-batched likelihood scores all replicas' rows at once.</summary>
    private sealed class SlicedLikelihood : Distribution
    {
        public override Tensor log_prob(Tensor value) =>
            throw new NotSupportedException("A slice of a replica-batched output cannot score data: extract the replica as its own model and score with that.");

        public override bool has_mean => false;
    }
}
