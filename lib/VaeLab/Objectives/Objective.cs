using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>A term an objective adds to the loss, computed from the model's output at a step (a batch mean, scalar).</summary>
public delegate Tensor ExtraTerm(ModelOutput output, TrainingStep step);

/// <summary>
/// Capacity annealing (Burgess et al. 2018): the KL term is replaced by γ·|KL − C(t)|, with the target capacity C raised
/// from 0 to <see cref="MaximumNats"/> over the first <see cref="RampFraction"/> of training, so the KL is pulled to C.
/// </summary>
public sealed record Capacity(double Gamma, double MaximumNats, double RampFraction = 1.0)
{
    public double At(TrainingStep step) => MaximumNats * Math.Min(1.0, step.Progress / RampFraction);

    public void Validate()
    {
        if (!(Gamma > 0) || !double.IsFinite(Gamma)) throw new ArgumentException($"Capacity γ must be positive; got {Gamma}.");
        if (!(MaximumNats >= 0) || !double.IsFinite(MaximumNats)) throw new ArgumentException($"The maximum capacity must be ≥ 0 nats; got {MaximumNats}.");
        if (!(RampFraction > 0 && RampFraction <= 1)) throw new ArgumentException($"The capacity ramp fraction must be in (0, 1]; got {RampFraction}.");
    }
}

/// <summary>
/// The loss of the series' models, from their named per-example terms, averaged over the batch:
/// <code>
/// loss = −log_likelihood + w_kl(t) · penalty(KL) + Σ_other terms  w_term · term + Σ extra terms
/// </code>
/// The default is the negative ELBO (w_kl = 1, penalty = KL). β-VAE sets <see cref="KlWeight"/> to β (Higgins et al.
/// 2017), KL annealing to a schedule; <see cref="FreeBits"/> λ replaces the penalty by Σ_d max(λ, E_batch[KL_d])
/// (Kingma et al. 2016), clamping the batch-averaged KL of each latent variable before it is summed; <see cref="Capacity"/>
/// replaces it by γ|KL − C(t)| (Burgess et al. 2018). A constant KL (a VQ-VAE's log K per position) has no gradient and is
/// left out of the loss, as van den Oord et al. 2017 (§3.1) do. Terms other than log_likelihood and kl (VQ-VAE's codebook
/// and commitment, a denoiser's loss) enter with <see cref="TermWeights"/> (default 1); a weight for a term the model does
/// not report is an error. A model without a log-likelihood term (a plain loss) is trained on its weighted terms alone.
/// </summary>
public sealed record Objective : IObjective
{
    /// <summary>The plain negative ELBO (for a model without a latent variable: its negative log-likelihood, or its loss terms).</summary>
    public static Objective Elbo() => new();

    /// <summary>β-VAE: the KL term weighted by a constant β.</summary>
    public static Objective Beta(double beta) => new() { KlWeight = _ => beta };

    /// <summary>The KL weight at each step (β, or a schedule). Default: 1.</summary>
    public Func<TrainingStep, double> KlWeight { get; init; } = _ => 1.0;

    /// <summary>Free bits λ in nats per latent variable (null: off).</summary>
    public double? FreeBits { get; init; }

    /// <summary>Capacity annealing (null: off).</summary>
    public Capacity? Capacity { get; init; }

    /// <summary>Weights of the model's other terms (e.g. commitment = 0.25); terms not named have weight 1.</summary>
    public IReadOnlyDictionary<Term, double> TermWeights { get; init; } = new Dictionary<Term, double>();

    /// <summary>
    /// Terms added to the loss (e.g. <see cref="TotalCorrelationPenalty.Term"/>), each under its own name; their values are
    /// recorded under that name (<see cref="ObjectiveResult.ExtraTerms"/>).
    /// </summary>
    public IReadOnlyList<(Term Name, ExtraTerm Compute)> ExtraTerms { get; init; } = [];

    public ObjectiveResult Compute(ModelOutput output, TrainingStep step)
    {
        Validate(output);
        Tensor? loss = output.Terms.TryGetValue(Term.LogLikelihood, out var logLikelihood) ? -logLikelihood.mean() : null;
        double? klWeight = null;
        var penalty = (Capacity: (double?)null, Gamma: (double?)null, FreeBits: (double?)null);
        if (output.Terms.TryGetValue(Term.Kl, out var kl) && output.Latent?.Kl.Method is not KlMethod.Constant)
        {
            var weight = KlWeight(step);
            if (!(weight >= 0) || !double.IsFinite(weight))
                throw new ArgumentException($"The KL weight must be finite and non-negative; the schedule gave {weight} at {step}.");
            klWeight = weight;
            loss = Add(loss, weight * KlPenalty(output, kl, step, ref penalty));
        }
        var termWeights = new Dictionary<Term, double>();
        foreach (var (term, value) in output.Terms)
        {
            if (term.IsElboTerm) continue;
            var weight = TermWeights.GetValueOrDefault(term, 1.0);
            termWeights[term] = weight;
            loss = Add(loss, weight * value.mean());
        }
        var extras = new Dictionary<Term, Tensor>();
        foreach (var (name, compute) in ExtraTerms)
        {
            var value = compute(output, step);
            if (value.numel() != 1) throw new ArgumentException($"Extra loss term '{name}' must be a scalar; got shape [{string.Join(", ", value.shape)}].");
            var scalar = value.reshape([]);
            extras[name] = scalar;
            loss = Add(loss, scalar);
        }
        var weights = new AppliedWeights
        {
            KlWeight = klWeight, FreeBitsNats = penalty.FreeBits, CapacityNats = penalty.Capacity, CapacityGamma = penalty.Gamma, TermWeights = termWeights,
        };
        return new ObjectiveResult(loss ?? throw new ArgumentException($"The objective found nothing to minimise in the model's terms ({string.Join(", ", output.Terms.Keys)})."),
            weights, extras);
    }

    private static Tensor Add(Tensor? loss, Tensor term) => loss is null ? term : loss + term;

    private Tensor KlPenalty(ModelOutput output, Tensor kl, TrainingStep step, ref (double? Capacity, double? Gamma, double? FreeBits) applied)
    {
        if (Capacity is { } capacity)
        {
            var target = capacity.At(step);
            applied = (target, capacity.Gamma, null);
            return capacity.Gamma * (kl.mean() - target).abs();
        }
        if (FreeBits is double lambda)
        {
            var perVariable = output.RequireLatent("Free bits").Kl.PerVariable;
            applied = (null, null, lambda);
            return perVariable.mean(new long[] { 0 }).clamp_min(lambda).sum();
        }
        return kl.mean();
    }

    private void Validate(ModelOutput output)
    {
        if (FreeBits is double lambda && (!(lambda >= 0) || !double.IsFinite(lambda)))
            throw new ArgumentException($"Free bits must be a finite number of nats ≥ 0 per dimension; got {lambda}.");
        if (FreeBits is not null && Capacity is not null)
            throw new ArgumentException("Choose free bits or capacity annealing, not both: each replaces the KL penalty.");
        Capacity?.Validate();
        if (ExtraTerms.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"ExtraTerms names '{twice.Key}' {twice.Count()} times; give each extra term its own name, so its value is recorded once and added once.");
        if ((FreeBits is not null || Capacity is not null) && output.Latent?.Kl.Method is KlMethod.Constant)
            throw new ArgumentException("Free bits and capacity act on a KL that training can change; this model's KL is a constant (a point-mass posterior against a uniform prior).");
        foreach (var (term, weight) in TermWeights)
        {
            if (term.IsElboTerm)
                throw new ArgumentException($"TermWeights cannot weight '{term}': weight the KL with KlWeight (β or a schedule); the log-likelihood always has weight 1.");
            if (!output.Terms.ContainsKey(term))
                throw new ArgumentException(
                    $"TermWeights names '{term}', which this model does not report; it reports {string.Join(", ", output.Terms.Keys)}.");
            if (!(weight >= 0) || !double.IsFinite(weight))
                throw new ArgumentException($"The weight of '{term}' must be finite and non-negative; got {weight}.");
        }
    }
}
