using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>One row of <see cref="SeedLossTable"/>: the summed loss of the pixels at a logit, and its gradient with respect to
/// the first pixel's logit.</summary>
public sealed record SeedLossRow(double Logit, double SummedLoss, double GradientOfFirstPixel);

/// <summary>
/// What the seed's recipe (<c>Normalize((0.5,), (0.5,))</c>, so black pixels become −1, then PyTorch ≤ 2.0's
/// <c>binary_cross_entropy</c>, see <see cref="ClampedBinaryCrossEntropy"/>) returns as the decoder's logits move: every
/// pixel gets the same logit ℓ, p = σ(ℓ), and the table gives the summed loss and ∂loss/∂ℓ of the first pixel (autograd,
/// float64). Notebook 04 §3 prints it for targets (−1, −1, 1, 0).
/// </summary>
public static class SeedLossTable
{
    public static IReadOnlyList<SeedLossRow> Measure(IReadOnlyList<double> logits, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0) throw new ArgumentException("Need at least one target pixel.", nameof(targets));
        var rows = new List<SeedLossRow>();
        foreach (var logit in logits)
        {
            using var scope = NewDisposeScope();
            var l = full(targets.Count, logit, dtype: ScalarType.Float64).requires_grad_();
            var loss = ClampedBinaryCrossEntropy.Loss(l.sigmoid(), tensor(targets.ToArray(), dtype: ScalarType.Float64)).sum();
            loss.backward();
            rows.Add(new SeedLossRow(logit, loss.item<double>(), l.grad![0].item<double>()));
        }
        return rows;
    }

    /// <summary>
    /// The sentence that reads the table: whether the loss stayed finite, from which logit on it was negative, and where it
    /// was lowest — or that it stayed non-negative.
    /// </summary>
    public static string Verdict(IReadOnlyList<SeedLossRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var firstNegative = rows.FirstOrDefault(r => r.SummedLoss < 0);
        if (firstNegative is null) return "The loss stayed non-negative at these logits.";
        var lowest = rows.MinBy(r => r.SummedLoss)!;
        var finite = rows.All(r => double.IsFinite(r.SummedLoss));
        return $"The loss was {(finite ? "finite at every logit" : "not finite everywhere")}, negative from logit {firstNegative.Logit} on, and lowest " +
               $"({lowest.SummedLoss:G4}) at logit {lowest.Logit}: a positive gradient on a −1 pixel's logit means gradient descent lowers that logit, " +
               "pushing p towards 0, until the clamp stops it.";
    }
}
