using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The one place the series computes KL(q ‖ p), as torch.distributions.kl_divergence does: a registry of closed forms by
/// the pair of distribution types (Normal–Normal, Normal–N(0, I), Categorical–Categorical, a code assignment against the
/// uniform codebook prior), and for any other pair a one-sample Monte Carlo estimate that says so
/// (<see cref="KlMethod.MonteCarlo"/>). A new pair is one <see cref="Register{TQ, TP}"/> call; a rule registered for a
/// base type also serves its subclasses (a <see cref="RelaxedCategorical"/> uses the categorical rule).
/// </summary>
public static class Kl
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(Type Q, Type P), (Func<Distribution, Distribution, Tensor> PerVariable, KlMethod Method)> Rules = [];

    static Kl()
    {
        Register<DiagonalNormal, StandardNormal>((q, p) =>
        {
            if (q.LatentSize != p.LatentSize)
                throw new ArgumentException($"q(z|x) has {q.LatentSize} latent dimensions but the prior N(0, I) has {p.LatentSize}.");
            return GaussianKl.ToStandardNormal(q);
        });
        Register<DiagonalNormal, DiagonalNormal>(GaussianKl.Between);
        Register<Categorical, Categorical>(CategoricalKl);
        Register<CodeAssignment, CodebookPrior>(CodeKl, KlMethod.Constant);
    }

    /// <summary>Adds (or replaces) the rule for KL(<typeparamref name="TQ"/> ‖ <typeparamref name="TP"/>), per latent variable [N, V].</summary>
    public static void Register<TQ, TP>(Func<TQ, TP, Tensor> perVariable, KlMethod method = KlMethod.ClosedForm)
        where TQ : Distribution where TP : Distribution
    {
        ArgumentNullException.ThrowIfNull(perVariable);
        if (method == KlMethod.MonteCarlo) throw new ArgumentException("Register closed forms or constants; the Monte Carlo estimate is the registry's own fallback.");
        lock (Gate) Rules[(typeof(TQ), typeof(TP))] = ((q, p) => perVariable((TQ)q, (TP)p), method);
    }

    /// <summary>Whether a closed form (or constant) is registered for the pair, directly or through base types.</summary>
    public static bool HasRule(Type q, Type p) => Find(q, p) is not null;

    /// <summary>
    /// KL(q ‖ p) for the batch. Without a registered rule the result is the Monte Carlo estimate log q(z) − log p(z) at
    /// <paramref name="sample"/> (z drawn from q; required then), as one variable.
    /// </summary>
    public static KlDivergence Divergence(Distribution q, Distribution p, Tensor? sample = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(p);
        if (Find(q.GetType(), p.GetType()) is { } rule) return new KlDivergence(rule.PerVariable(q, p), rule.Method);
        if (sample is null)
            throw new ArgumentException(
                $"No closed form of KL({q.GetType().Name} ‖ {p.GetType().Name}) is registered, and the Monte Carlo estimate needs a sample z from q: pass it, or Kl.Register a closed form.");
        return new KlDivergence((q.log_prob(sample) - p.log_prob(sample)).unsqueeze(-1), KlMethod.MonteCarlo);
    }

    private static (Func<Distribution, Distribution, Tensor> PerVariable, KlMethod Method)? Find(Type q, Type p)
    {
        lock (Gate)
        {
            for (var qt = q; qt is not null && qt != typeof(Distribution); qt = qt.BaseType)
                for (var pt = p; pt is not null && pt != typeof(Distribution); pt = pt.BaseType)
                    if (Rules.TryGetValue((qt, pt), out var rule)) return rule;
        }
        return null;
    }

    /// <summary>Σ_k q_k (log q_k − log p_k) per variable, with 0 · log 0 = 0.</summary>
    private static Tensor CategoricalKl(Categorical q, Categorical p)
    {
        if (q.Classes != p.Classes)
            throw new ArgumentException($"q has {q.Classes} classes per variable but p has {p.Classes}.");
        using var scope = NewDisposeScope();
        var probs = q.probs;
        var perClass = where(probs > 0, probs * (q.logits - p.logits), zeros_like(probs));
        return perClass.sum(dim: -1).MoveToOuterDisposeScope();
    }

    /// <summary>log K at every code position: [N, positions].</summary>
    private static Tensor CodeKl(CodeAssignment q, CodebookPrior p)
    {
        if (q.CodebookSize != p.CodebookSize)
            throw new ArgumentException($"The code assignment uses {q.CodebookSize} codes but the prior spreads over {p.CodebookSize}.");
        return full([q.Indices.shape[0], q.Positions], Math.Log(p.CodebookSize), dtype: q.Value.dtype, device: q.Value.device);
    }
}
