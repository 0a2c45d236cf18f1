using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// An objective over exactly the terms it names, each with its weight: loss = Σ_t w_t · mean(term_t), the log-likelihood
/// (if named) entering negated. For part of a model with a loss of its own — a VAE-GAN's discriminator, trained on its
/// classification term alone in a <c>ParameterGroup</c> — or a plain-loss model (a denoiser) where every term should be
/// named. A term the model does not report is a one-line error.
/// </summary>
public sealed record WeightedTerms : IObjective
{
    public WeightedTerms(params (Term Term, double Weight)[] terms)
    {
        if (terms.Length == 0) throw new ArgumentException("Name at least one term to minimise.");
        foreach (var (term, weight) in terms)
            if (!(weight >= 0) || !double.IsFinite(weight)) throw new ArgumentException($"The weight of '{term}' must be finite and non-negative; got {weight}.");
        if (terms.Select(t => t.Term).Distinct().Count() != terms.Length) throw new ArgumentException("Name each term once.");
        Terms = terms;
    }

    public IReadOnlyList<(Term Term, double Weight)> Terms { get; }

    public ObjectiveResult Compute(ModelOutput output, TrainingStep step)
    {
        Tensor? loss = null;
        var weights = new Dictionary<Term, double>();
        foreach (var (term, weight) in Terms)
        {
            if (!output.Terms.TryGetValue(term, out var value))
                throw new ArgumentException($"The objective names '{term}', which this model does not report; it reports {string.Join(", ", output.Terms.Keys)}.");
            var mean = term == Term.LogLikelihood ? -value.mean() : value.mean();
            loss = loss is null ? weight * mean : loss + weight * mean;
            weights[term] = weight;
        }
        return new ObjectiveResult(loss!, new AppliedWeights { TermWeights = weights });
    }
}
