using VaeLab.Models;
using VaeLab.Objectives;

namespace VaeLab.Training;

/// <summary>Thrown when the loss becomes NaN or ±∞; says where, which term, and what to try.</summary>
public sealed class NonFiniteLossException : Exception
{
    public NonFiniteLossException(TrainingStep step, double loss, IReadOnlyDictionary<Term, double> terms, double learningRate)
        : base($"The training loss became {loss} at {step} ({string.Join(", ", terms.Select(t => $"{t.Key} {t.Value:G4}"))}); the step was not applied. " +
               Advice(terms, learningRate))
    {
        Step = step;
        Loss = loss;
    }

    public TrainingStep Step { get; }
    public double Loss { get; }

    private static string Advice(IReadOnlyDictionary<Term, double> terms, double learningRate)
    {
        var hints = new List<string>();
        if (terms.TryGetValue(Term.Kl, out var kl) && !double.IsFinite(kl))
            hints.Add("the KL term overflowed: the encoder's log-variance grew too large, so lower the learning rate or clamp the log-variance");
        if (terms.TryGetValue(Term.LogLikelihood, out var ll) && !double.IsFinite(ll))
            hints.Add("the log-likelihood is not finite: check the inputs contain no NaN and, for a Bernoulli decoder, lie in [0, 1], and use the logits form of the likelihood");
        hints.Add($"try a smaller learning rate than {learningRate:G3} (e.g. {learningRate / 10:G3}) and resume from the last checkpoint");
        return "Fix: " + string.Join("; ", hints) + ".";
    }
}
