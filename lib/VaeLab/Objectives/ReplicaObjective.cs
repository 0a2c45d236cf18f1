using TorchSharp.Modules;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// One objective per replica of a replica-batched model (e.g. <see cref="ReplicatedGruSequenceVae"/>), whose per-example
/// terms come replica-major: the first B rows are replica 0's batch, the next B replica 1's, and so on. Each replica's
/// rows are handed to its own objective as if that replica were trained alone (a KL schedule, free bits on its own
/// batch average), and the losses are summed, so replica r's gradient is exactly the gradient of its own objective:
/// several seeds, or several methods on the same initial weights, train as one model without influencing each other.
/// The weights each objective applied are recorded under "replica r/…".
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

    /// <summary>The key under which replica <paramref name="replica"/>'s applied weight <paramref name="name"/> is recorded.</summary>
    public static string WeightKey(int replica, string name) => $"replica {replica}/{name}";

    public ObjectiveResult Compute(ModelOutput output, StepInfo step)
    {
        var rows = output.LogLikelihood.shape[0];
        if (rows % Replicas.Count != 0)
            throw new ArgumentException($"{rows} rows cannot be split evenly among {Replicas.Count} replicas; a replica-batched model reports R·B rows.");
        var batch = rows / Replicas.Count;
        Tensor? loss = null;
        var weights = new Dictionary<string, double>();
        for (var r = 0; r < Replicas.Count; r++)
        {
            using var part = Slice(output, r * batch, batch);
            var result = Replicas[r].Compute(part, step);
            loss = loss is null ? result.Loss : loss + result.Loss;
            foreach (var (name, weight) in result.Weights) weights[WeightKey(r, name)] = weight;
        }
        return new ObjectiveResult(loss!, weights);
    }

    /// <summary>Rows [start, start + length) of a model output: its terms, posterior, latent and KL per dimension.</summary>
    public static ModelOutput Slice(ModelOutput output, long start, long length)
    {
        var terms = output.Terms.ToDictionary(t => t.Key, t => t.Value.narrow(0, start, length));
        var posterior = output.Posterior is { } q ? new Normal(q.mean.narrow(0, start, length), q.stddev.narrow(0, start, length)) : null;
        return new ModelOutput(terms)
        {
            Posterior = posterior,
            Latent = output.Latent?.narrow(0, start, length),
            KlPerDimension = output.KlPerDimension?.narrow(0, start, length),
            DecoderOutput = output.DecoderOutput?.narrow(0, start, length),
            Codes = output.Codes?.narrow(0, start, length),
        };
    }
}
