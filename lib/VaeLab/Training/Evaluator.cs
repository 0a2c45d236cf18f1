using TorchSharp;
using VaeLab.Common;
using VaeLab.Data.Sources;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// Per-example averages of a model's named terms over a data set, in nats per example. One convention everywhere:
/// <see cref="LogLikelihood"/> is E[log p(x|z)] (higher is better), <see cref="ReconstructionLoss"/> its negative
/// (≥ 0 for discrete data), and <see cref="Elbo"/> = log-likelihood − KL. <see cref="KlMethod"/> says how the model's KL
/// was obtained (null for a model without a latent variable, whose log-likelihood is then exact, not a bound).
/// </summary>
public sealed record ElboSummary(IReadOnlyDictionary<Term, double> Terms, long Count, KlMethod? KlMethod = null)
{
    public double LogLikelihood => Terms.GetValueOrDefault(Term.LogLikelihood, double.NaN);
    public double ReconstructionLoss => -LogLikelihood;
    public double Kl => Terms.GetValueOrDefault(Term.Kl, 0.0);
    public double Elbo => LogLikelihood - Kl;

    /// <summary>Whether the model reported a KL, so that <see cref="Elbo"/> is an ELBO and not the log-likelihood itself.</summary>
    public bool HasKl => Terms.ContainsKey(Term.Kl);

    /// <summary>
    /// "ELBO −104.20 nats (log-likelihood −80.10, KL 24.10)"; a constant KL (VQ-VAE, FSQ) or a Monte Carlo one is marked; a
    /// model without a latent variable shows its log-likelihood (exact) or its loss terms, never an "ELBO".
    /// </summary>
    public override string ToString()
    {
        var others = string.Concat(Terms.Where(t => !t.Key.IsElboTerm).Select(t => $", {t.Key} {t.Value:F4}"));
        if (HasKl)
        {
            var how = KlMethod switch
            {
                Distributions.KlMethod.Constant => ", a constant",
                Distributions.KlMethod.MonteCarlo => ", Monte Carlo",
                _ => "",
            };
            return $"ELBO {Elbo:F2} nats (log-likelihood {LogLikelihood:F2}, KL {Kl:F2}{how})" + others;
        }
        if (Terms.ContainsKey(Term.LogLikelihood)) return $"log-likelihood {LogLikelihood:F2} nats" + others;
        return others.Length > 0 ? others[2..] : "no terms";
    }
}

/// <summary>
/// The one evaluation path of the series: the model in evaluation mode, no gradients, a dispose scope per batch,
/// sampling noise seeded from <c>seed</c> (torch's global generator is restored afterwards), every named term averaged
/// over the examples. The trainer's test metrics and every notebook's ELBO come from here.
/// </summary>
public static class Evaluator
{
    public static ElboSummary Evaluate(nn.Module<Tensor, ModelOutput> model, Tensor data, int batchSize = 1000, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.dim() < 1 || data.shape[0] < 1)
            throw new ArgumentException($"Evaluation needs a non-empty batch [N, ...]; got [{string.Join(", ", data.shape)}].");
        return Evaluate(model, new TensorBatches(data), batchSize, seed);
    }

    /// <summary>The same for any batch source (a stream from disk, paired inputs).</summary>
    public static ElboSummary Evaluate<TBatch>(nn.Module<TBatch, ModelOutput> model, IBatchSource<TBatch> data, int batchSize = 1000, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var evaluation = EvaluationMode.Of(model);
        using var random = TorchRandom.Seeded(seed);
        using var noGrad = no_grad();
        var count = data.Count;
        var sums = new Dictionary<Term, double>();
        KlMethod? method = null;
        using var epochScope = NewDisposeScope();
        using var batches = data.Epoch(batchSize, shuffle: null).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            using var output = model.call(batches.Current);
            foreach (var (term, value) in output.Terms)
                sums[term] = sums.GetValueOrDefault(term) + value.sum().to_type(ScalarType.Float64).item<double>();
            method ??= output.Latent?.Kl.Method;
        }
        return new ElboSummary(sums.ToDictionary(s => s.Key, s => s.Value / count), count, method);
    }
}
