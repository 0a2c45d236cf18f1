using VaeLab.Losses;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>What an extra loss term or a KL penalty can look at during one training step.</summary>
public sealed record LossContext(StepInfo Step, Tensor Batch, ElboTerms Terms, double KlWeight);

/// <summary>
/// The negative ELBO of a Gaussian-latent VAE with the hooks later notebooks need:
/// loss = −E[log p(x|z)] + w(step) · penalty(KL per dimension) + Σ extra terms.
/// The default penalty is Σ_d KL_d (the ELBO); β-VAE sets a constant weight, KL annealing a schedule, and
/// free bits (Kingma et al. 2016) replaces the penalty with Σ_d max(λ, KL_d).
/// </summary>
public sealed class GaussianVaeObjective : ITrainingObjective
{
    private readonly IGaussianVae model;

    public GaussianVaeObjective(IGaussianVae model, DecoderLikelihood? likelihood = null)
    {
        this.model = model;
        Likelihood = likelihood ?? DecoderLikelihood.Bernoulli;
        Likelihood.Validate();
    }

    public DecoderLikelihood Likelihood { get; }

    /// <summary>The KL weight at each step (β, or an annealing schedule). Default: 1.</summary>
    public Func<StepInfo, double> KlWeight { get; init; } = _ => 1.0;

    /// <summary>
    /// Turns the batch-mean KL per dimension [D] into the penalty that is weighted and added to the loss.
    /// Default: the sum. Free bits: <c>(kl, _) =&gt; kl.clamp_min(λ).sum()</c>.
    /// </summary>
    public Func<Tensor, LossContext, Tensor>? KlPenalty { get; init; }

    /// <summary>Named extra terms (scalars, per-image means) added to the training loss.</summary>
    public IList<(string Name, Func<LossContext, Tensor> Term)> ExtraTerms { get; } = new List<(string, Func<LossContext, Tensor>)>();

    public BatchLoss Compute(Tensor batch, StepInfo? step)
    {
        var terms = Elbo.Compute(model, batch, Likelihood);
        var reconstruction = -terms.LogLikelihood.mean();
        var klPerDimension = terms.KlPerDimension.mean(new long[] { 0 });
        var kl = klPerDimension.sum();
        if (step is not StepInfo info)
            return new BatchLoss(reconstruction + kl, reconstruction, kl, klPerDimension);

        var weight = KlWeight(info);
        if (!(weight >= 0) || !double.IsFinite(weight))
            throw new ArgumentException($"The KL weight must be finite and non-negative; the schedule gave {weight} at {info}.");
        var context = new LossContext(info, batch, terms, weight);
        var penalty = KlPenalty is null ? kl : KlPenalty(klPerDimension, context);
        var loss = reconstruction + weight * penalty;
        var extras = new Dictionary<string, Tensor>();
        foreach (var (name, term) in ExtraTerms)
        {
            var value = term(context);
            if (value.numel() != 1) throw new ArgumentException($"Extra loss term '{name}' must be a scalar; got shape [{string.Join(", ", value.shape)}].");
            extras[name] = value;
            loss = loss + value;
        }
        return new BatchLoss(loss, reconstruction, kl, klPerDimension, extras);
    }

    public void ValidateData(Tensor images, string what) => Likelihood.ValidateTargets(images, what);
}
