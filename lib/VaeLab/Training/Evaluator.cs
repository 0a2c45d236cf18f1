using TorchSharp;
using VaeLab.Common;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// Per-example averages of a model's named terms over a data set, in nats per example. One convention everywhere:
/// <see cref="LogLikelihood"/> is E[log p(x|z)] (higher is better), <see cref="ReconstructionLoss"/> its negative
/// (≥ 0 for discrete data), and <see cref="Elbo"/> = log-likelihood − KL.
/// </summary>
public sealed record ElboSummary(IReadOnlyDictionary<string, double> Terms, long Count)
{
    public double LogLikelihood => Terms.GetValueOrDefault(TermNames.LogLikelihood, double.NaN);
    public double ReconstructionLoss => -LogLikelihood;
    public double Kl => Terms.GetValueOrDefault(TermNames.Kl, 0.0);
    public double Elbo => LogLikelihood - Kl;

    public override string ToString() =>
        $"ELBO {Elbo:F2} nats (log-likelihood {LogLikelihood:F2}, KL {Kl:F2})" +
        string.Concat(Terms.Where(t => t.Key is not TermNames.LogLikelihood and not TermNames.Kl).Select(t => $", {t.Key} {t.Value:F4}"));
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
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var random = TorchRandom.Seeded(seed);
            using var noGrad = no_grad();
            var count = data.shape[0];
            var sums = new Dictionary<string, double>();
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                using var output = model.call(data.narrow(0, start, Math.Min(batchSize, count - start)));
                foreach (var (name, value) in output.Terms)
                    sums[name] = sums.GetValueOrDefault(name) + value.sum().to_type(ScalarType.Float64).item<double>();
            }
            return new ElboSummary(sums.ToDictionary(s => s.Key, s => s.Value / count), count);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
