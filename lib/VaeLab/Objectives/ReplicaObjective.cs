using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// One objective per replica of a replica-batched model (e.g. <see cref="ReplicaMlpVae"/>, <see cref="ReplicatedGruSequenceVae"/>), whose per-example terms come
/// replica-major: the first B rows are replica 0's batch, the next B replica 1's, and so on. Each replica's rows are
/// handed to its own objective as if that replica were trained alone (a KL weight, a capacity target, a total-correlation
/// penalty on its own batch), and the losses are summed, so replica r's gradient is exactly the gradient of its own
/// objective: several seeds, or several methods on the same initial weights, train as one model without influencing each
/// other. What each objective applied is kept in <see cref="AppliedWeights.Replicas"/>; extra terms are recorded under
/// <see cref="ExtraTermKey"/> (replica_r_name).
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

    /// <summary>The name under which replica <paramref name="replica"/>'s extra term <paramref name="term"/> is recorded.</summary>
    public static Term ExtraTermKey(int replica, Term term) => new($"replica_{replica}_{term.Name}");

    public ObjectiveResult Compute(ModelOutput output, TrainingStep step)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = output.LogLikelihood.shape[0];
        if (rows % Replicas.Count != 0)
            throw new ArgumentException($"{rows} rows cannot be split evenly among {Replicas.Count} replicas; a replica-batched model reports R·B rows.");
        var batch = rows / Replicas.Count;
        Tensor? loss = null;
        var weights = new List<AppliedWeights>();
        var extra = new Dictionary<Term, Tensor>();
        for (var r = 0; r < Replicas.Count; r++)
        {
            using var part = Slice(output, r * batch, batch);
            var result = Replicas[r].Compute(part, step);
            loss = loss is null ? result.Loss : loss + result.Loss;
            weights.Add(result.Weights);
            foreach (var (term, value) in result.ExtraTerms) extra[ExtraTermKey(r, term)] = value;
        }
        return new ObjectiveResult(loss!, AppliedWeights.Mean(weights) with { Replicas = weights }, extra);
    }

    /// <summary>
    /// Rows [start, start + length) of a model output: its terms and, for a latent-variable model, q(z|x), z, p(x|z) and the
    /// KL per variable (a diagonal-Gaussian posterior; the prior is shared). A pixel likelihood is sliced too; any other
    /// (an autoregressive decoder's, which scores all replicas' rows at once) is replaced by a stand-in that refuses to
    /// score data, since objectives read terms, q, z and the KL, not p(x|z). Dispose the slice.
    /// </summary>
    public static ModelOutput Slice(ModelOutput output, long start, long length)
    {
        ArgumentNullException.ThrowIfNull(output);
        var terms = output.Terms.ToDictionary(t => t.Key, t => t.Value.narrow(0, start, length));
        if (output.Latent is not { } latent) return new ModelOutput(terms);
        var posterior = latent.Posterior switch
        {
            DiagonalNormal q => DiagonalNormal.FromLogVariance(q.mean.narrow(0, start, length), q.LogVariance.narrow(0, start, length)),
            var q => throw new NotSupportedException($"Slicing a {q.GetType().Name} posterior by replica is not written; a diagonal-Gaussian q(z|x) is."),
        };
        Distribution likelihood = latent.Likelihood switch
        {
            PixelLikelihood p => new PixelLikelihood(p.Family, p.DecoderOutput.narrow(0, start, length)),
            var p => new UnslicedLikelihood(p.GetType().Name),
        };
        var kl = new KlDivergence(latent.Kl.PerVariable.narrow(0, start, length), latent.Kl.Method);
        return new ModelOutput(terms, new LatentOutput(posterior, latent.Prior, latent.Sample.narrow(0, start, length), likelihood, kl));
    }

    /// <summary>Stands in for a likelihood that cannot be cut by rows: it refuses to score, with a one-line error.</summary>
    private sealed class UnslicedLikelihood(string name) : Distribution
    {
        public override Tensor log_prob(Tensor value) =>
            throw new NotSupportedException($"A replica's slice of a {name} cannot score data: take the replica out as its own model and score with that.");

        public override bool has_mean => false;
    }
}
