using TorchSharp;
using VaeLab.Common;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 00 (setup and tour).</summary>
public static class Notebook00
{
    /// <summary>
    /// Exercise 1: two predictions about torch's generator. (a) Reseed, draw three numbers; reseed with the same seed,
    /// draw three more: equal? (b) Seed once, draw three numbers, then three more: equal? The check draws both pairs
    /// itself (restoring the caller's generator) and compares them with the predictions.
    /// </summary>
    public static ExerciseCheck Seeds(bool? reseedBothTimesEqual, bool? seedOnceEqual, long seed = 42)
    {
        if (reseedBothTimesEqual is null || seedOnceEqual is null)
            return ExerciseCheck.NotYet("write both predictions (true = the two draws are equal, false = they differ).");
        bool sameAfterReseed, sameWithoutReseed;
        using (var scope = NewDisposeScope())
        {
            Tensor a, b, c, d;
            using (TorchRandom.Seeded(seed)) a = randn(3);
            using (TorchRandom.Seeded(seed)) b = randn(3);
            using (TorchRandom.Seeded(seed)) { c = randn(3); d = randn(3); }
            sameAfterReseed = a.equal(b).all().item<bool>();
            sameWithoutReseed = c.equal(d).all().item<bool>();
        }
        var wrong = new List<string>();
        if (reseedBothTimesEqual != sameAfterReseed) wrong.Add("(a) reseeding before each draw");
        if (seedOnceEqual != sameWithoutReseed) wrong.Add("(b) seeding once and drawing twice");
        return wrong.Count == 0
            ? ExerciseCheck.Pass("the same seed replays the same stream (a: equal), and a stream moves on after each draw (b: different). " +
                                 "That is why every notebook reseeds before the cells whose numbers it quotes.")
            : ExerciseCheck.NotYet($"your prediction for {string.Join(" and ", wrong)} is not what torch does; run both pairs and look.");
    }

    /// <summary>
    /// Exercise 2: the gradient of f(x) = Σᵢ sin xᵢ, written as a function of x before running autograd. The check
    /// compares it with autograd's gradient at a few points (including negative and large ones).
    /// </summary>
    public static ExerciseCheck SinGradient(Func<Tensor, Tensor> predictedGradient)
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { -2.5f, -0.3f, 0f, 0.7f, 1.5f, 4f }, requires_grad: true);
        x.sin().sum().backward();
        var autograd = x.grad!.detach();
        Tensor predicted;
        try
        {
            predicted = predictedGradient(x.detach().clone());
        }
        catch (Exception e)
        {
            return ExerciseCheck.NotYet($"your gradient function threw {e.GetType().Name}: {e.Message}");
        }
        if (!predicted.shape.SequenceEqual(autograd.shape))
            return ExerciseCheck.NotYet($"your gradient has shape [{string.Join(", ", predicted.shape)}]; ∇f has one entry per xᵢ, shape [{autograd.shape[0]}].");
        var gap = (predicted.to_type(ScalarType.Float32) - autograd).abs().max().item<float>();
        return gap < 1e-5
            ? ExerciseCheck.Pass($"your formula matches autograd at {autograd.shape[0]} points (largest difference {gap:E1}): ∂/∂xᵢ Σ sin x = cos xᵢ.")
            : ExerciseCheck.NotYet($"your formula differs from autograd's gradient by up to {gap:F3}; differentiate sin term by term.");
    }
}
