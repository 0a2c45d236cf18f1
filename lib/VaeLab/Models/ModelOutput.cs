using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// What a model produces for one batch of N examples, in the one vocabulary of the series: named per-example terms
/// [N] (see <see cref="Term"/>), and, for a latent-variable model, the distributions behind them
/// (<see cref="Latent"/>: q(z|x), p(z), the sample z, p(x|z) and the KL). Objectives combine the terms (β, schedules,
/// free bits, total correlation, VQ losses) without knowing which model produced them. A model without a latent variable
/// (a learned prior over codes, a denoiser, a discriminator) reports terms only: a plain loss.
/// Dispose it (the trainer and the evaluator do): the posterior holds tensors outside the dispose scope.
/// </summary>
public sealed class ModelOutput : IDisposable
{
    private readonly List<Action> stateUpdates = [];

    public ModelOutput(IReadOnlyDictionary<Term, Tensor> terms, LatentOutput? latent = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        foreach (var (term, value) in terms)
            if (value.dim() != 1)
                throw new ArgumentException($"Term '{term}' must be per example, shaped [N]; got [{string.Join(", ", value.shape)}].");
        Terms = terms;
        Latent = latent;
    }

    /// <summary>Per-example terms [N] by name, e.g. log_likelihood and kl, or codebook and commitment.</summary>
    public IReadOnlyDictionary<Term, Tensor> Terms { get; }

    /// <summary>
    /// q(z|x), p(z), z, p(x|z) and the KL, for a latent-variable model (every model written on
    /// <see cref="ILatentVariableModel"/>); null for a model that reports a plain loss.
    /// </summary>
    public LatentOutput? Latent { get; }

    /// <summary>The term <paramref name="term"/> [N]; a one-line error naming the terms the model does report if absent.</summary>
    public Tensor this[Term term] => Terms.TryGetValue(term, out var value)
        ? value
        : throw new KeyNotFoundException($"This model reports no '{term}' term; it reports: {string.Join(", ", Terms.Keys)}.");

    public Tensor LogLikelihood => this[Term.LogLikelihood];

    /// <summary>The KL term, or zeros for a model without one.</summary>
    public Tensor Kl => Terms.TryGetValue(Term.Kl, out var kl) ? kl : zeros_like(LogLikelihood);

    /// <summary>log p(x|z) − KL(q(z|x) ‖ p(z)) per example: the single-sample ELBO.</summary>
    public Tensor Elbo => LogLikelihood - Kl;

    /// <summary>
    /// The latent part, for code that needs one (free bits, a total-correlation penalty, a code-usage probe); a one-line
    /// error saying who needed it when the model has none.
    /// </summary>
    public LatentOutput RequireLatent(string who) => Latent
        ?? throw new InvalidOperationException($"{who} needs a latent-variable model (q(z|x), p(z), z); this model reports a plain loss ({string.Join(", ", Terms.Keys)}).");

    /// <summary>
    /// State changes the model wants made after the optimizer step of a training batch (e.g. a VQ codebook's EMA update).
    /// Training applies them; evaluation never does, so evaluating cannot change a model.
    /// </summary>
    public IReadOnlyList<Action> StateUpdates => stateUpdates;

    public ModelOutput WithStateUpdate(Action update)
    {
        stateUpdates.Add(update);
        return this;
    }

    /// <summary>Runs the state updates (called by the trainer after the optimizer step).</summary>
    public void ApplyStateUpdates()
    {
        using var noGrad = no_grad();
        foreach (var update in stateUpdates) update();
    }

    public void Dispose() => Latent?.Dispose();
}
