using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// What a model produces for one batch of N examples, in the one vocabulary of the series. Every tensor is per
/// example: named loss terms [N] (see <see cref="TermNames"/>), and, when the model has them, the posterior q(z|x)
/// itself, its sample, the KL per latent dimension [N, D] and the decoder output. Objectives combine the terms
/// (β, schedules, free bits, total correlation, VQ losses) without knowing which model produced them.
/// Dispose it (the trainer and the evaluator do): TorchSharp's <see cref="Normal"/> holds tensors outside the dispose scope.
/// </summary>
public sealed class ModelOutput : IDisposable
{
    private readonly List<Action> stateUpdates = [];

    public ModelOutput(IReadOnlyDictionary<string, Tensor> terms)
    {
        foreach (var (name, value) in terms)
            if (value.dim() != 1)
                throw new ArgumentException($"Term '{name}' must be per example, shaped [N]; got [{string.Join(", ", value.shape)}].");
        Terms = terms;
    }

    /// <summary>Per-example loss terms [N] by name, e.g. log_likelihood and kl, or codebook and commitment.</summary>
    public IReadOnlyDictionary<string, Tensor> Terms { get; }

    /// <summary>q(z|x), when the latent is Gaussian: batch shape [N, D].</summary>
    public Normal? Posterior { get; init; }

    /// <summary>The latent the decoder saw: z sampled from the posterior, or the quantised code vectors.</summary>
    public Tensor? Latent { get; init; }

    /// <summary>KL(q(z|x) ‖ p(z)) per latent dimension [N, D], before any weighting or clamping.</summary>
    public Tensor? KlPerDimension { get; init; }

    /// <summary>The decoder's output (e.g. Bernoulli logits), shaped like the data.</summary>
    public Tensor? DecoderOutput { get; init; }

    /// <summary>Discrete code indices (VQ-VAE, FSQ), e.g. [N, H, W].</summary>
    public Tensor? Codes { get; init; }

    public Tensor LogLikelihood => Term(TermNames.LogLikelihood);

    /// <summary>The KL term, or zeros for a model without one.</summary>
    public Tensor Kl => Terms.TryGetValue(TermNames.Kl, out var kl) ? kl : zeros_like(LogLikelihood);

    /// <summary>log p(x|z) − KL(q(z|x) ‖ p(z)) per example: the single-sample ELBO.</summary>
    public Tensor Elbo => LogLikelihood - Kl;

    public Tensor Term(string name) => Terms.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"This model reports no '{name}' term; it reports: {string.Join(", ", Terms.Keys)}.");

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

    public void Dispose() => Posterior?.Dispose();
}
