using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>A term an objective adds to the loss, computed from the model's output at a step (a batch mean, scalar).</summary>
public delegate Tensor ExtraTerm(ModelOutput output, StepInfo step);

/// <summary>
/// Capacity annealing (Burgess et al. 2018): the KL term is replaced by γ·|KL − C(t)|, with the target capacity C raised
/// from 0 to <see cref="MaximumNats"/> over the first <see cref="RampFraction"/> of training, so the KL is pulled to C.
/// </summary>
public sealed record Capacity(double Gamma, double MaximumNats, double RampFraction = 1.0)
{
    public double At(StepInfo step) => MaximumNats * Math.Min(1.0, step.Progress / RampFraction);

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
/// (Kingma et al. 2016), clamping the batch-averaged KL of each dimension before it is summed; <see cref="Capacity"/>
/// replaces it by γ|KL − C(t)| (Burgess et al. 2018). Terms other than log_likelihood and kl (VQ-VAE's codebook and
/// commitment) enter with <see cref="TermWeights"/> (default 1).
/// </summary>
public sealed class Objective : IObjective
{
    /// <summary>The plain negative ELBO.</summary>
    public static Objective Elbo() => new();

    /// <summary>β-VAE: the KL term weighted by a constant β.</summary>
    public static Objective Beta(double beta) => new() { KlWeight = _ => beta };

    /// <summary>The KL weight at each step (β, or a schedule). Default: 1.</summary>
    public Func<StepInfo, double> KlWeight { get; init; } = _ => 1.0;

    /// <summary>Free bits λ in nats per latent dimension (null: off).</summary>
    public double? FreeBits { get; init; }

    /// <summary>Capacity annealing (null: off).</summary>
    public Capacity? Capacity { get; init; }

    /// <summary>Weights of the model's other terms by name (e.g. commitment = 0.25); terms not named have weight 1.</summary>
    public IReadOnlyDictionary<string, double> TermWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Named terms added to the loss (e.g. a total-correlation penalty, a score-function surrogate).</summary>
    public IReadOnlyList<(string Name, ExtraTerm Term)> ExtraTerms { get; init; } = [];

    public ObjectiveResult Compute(ModelOutput output, StepInfo step)
    {
        Validate();
        var weights = new Dictionary<string, double>();
        var loss = -output.LogLikelihood.mean();
        if (output.Terms.ContainsKey(TermNames.Kl))
        {
            var weight = KlWeight(step);
            if (!(weight >= 0) || !double.IsFinite(weight))
                throw new ArgumentException($"The KL weight must be finite and non-negative; the schedule gave {weight} at {step}.");
            weights["kl_weight"] = weight;
            loss = loss + weight * KlPenalty(output, step, weights);
        }
        foreach (var (name, value) in output.Terms)
        {
            if (name is TermNames.LogLikelihood or TermNames.Kl) continue;
            var weight = TermWeights.GetValueOrDefault(name, 1.0);
            weights[$"{name}_weight"] = weight;
            loss = loss + weight * value.mean();
        }
        foreach (var (name, term) in ExtraTerms)
        {
            var value = term(output, step);
            if (value.numel() != 1) throw new ArgumentException($"Extra loss term '{name}' must be a scalar; got shape [{string.Join(", ", value.shape)}].");
            loss = loss + value.reshape([]);
        }
        return new ObjectiveResult(loss, weights);
    }

    private Tensor KlPenalty(ModelOutput output, StepInfo step, Dictionary<string, double> weights)
    {
        if (Capacity is { } capacity)
        {
            var target = capacity.At(step);
            weights["capacity"] = target;
            weights["capacity_gamma"] = capacity.Gamma;
            return capacity.Gamma * (output.Kl.mean() - target).abs();
        }
        if (FreeBits is double lambda)
        {
            var perDimension = output.KlPerDimension
                ?? throw new InvalidOperationException("Free bits needs the KL per latent dimension, and this model does not report it.");
            weights["free_bits"] = lambda;
            return perDimension.mean(new long[] { 0 }).clamp_min(lambda).sum();
        }
        return output.Kl.mean();
    }

    private void Validate()
    {
        if (FreeBits is double lambda && (!(lambda >= 0) || !double.IsFinite(lambda)))
            throw new ArgumentException($"Free bits must be a finite number of nats ≥ 0 per dimension; got {lambda}.");
        if (FreeBits is not null && Capacity is not null)
            throw new ArgumentException("Choose free bits or capacity annealing, not both: each replaces the KL penalty.");
        Capacity?.Validate();
    }
}
