using TorchSharp;
using VaeLab.Common;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 00 (setup and tour); reference solutions: solutions/00-setup-and-tour.md.</summary>
public static class Notebook00
{
    /// <summary>Exercise 1's explanations of what a seed does (one is right; the others are the usual misconceptions).</summary>
    public enum SeedReason
    {
        /// <summary>A seed fixes every number drawn after it, so any two draws of the same size are equal.</summary>
        EveryDrawFixed,

        /// <summary>A seed fixes where the generator's stream starts, and each draw moves along that stream.</summary>
        StreamStartFixed,

        /// <summary>Each draw is fresh randomness, seeded or not.</summary>
        FreshEveryDraw,

        /// <summary>Reseeding starts a new stream every time, even with the same seed.</summary>
        ReseedStartsNewStream,
    }

    /// <summary>
    /// Exercise 1: two predictions about torch's generator and the reason for them. (a) Reseed, draw three numbers; reseed
    /// with the same seed, draw three more: equal? (b) Seed once, draw three numbers, then three more: equal? The check
    /// draws both pairs itself (restoring the caller's generator) and compares them with the predictions.
    /// </summary>
    public static ExerciseCheck Seeds(bool? reseedBothTimesEqual, bool? seedOnceEqual, SeedReason? reason, long seed = 42)
    {
        if (reseedBothTimesEqual is null || seedOnceEqual is null || reason is null)
            return ReasonedPrediction.Unanswered<SeedReason>("write both predictions (true = the two draws are equal, false = they differ)");
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
        const string picture = "Picture the generator as one long, fixed list of numbers: what does a seed choose in that list, and what does a draw do to your place in it?";
        return ReasonedPrediction.Judge(
            reseedBothTimesEqual == sameAfterReseed && seedOnceEqual == sameWithoutReseed, reason.Value, SeedReason.StreamStartFixed,
            $"(a) the two draws after reseeding were {(sameAfterReseed ? "equal" : "different")}, (b) the two draws after one seeding were " +
            $"{(sameWithoutReseed ? "equal" : "different")}. The seed sets where the stream starts; every draw moves along it, so the same seed " +
            "replays the same numbers and the next draw continues where the last one stopped. That is why every notebook reseeds before " +
            "the cells whose numbers it quotes.",
            picture,
            r => r switch
            {
                SeedReason.EveryDrawFixed => "if a seed fixed every draw, randn(3) would return the same three numbers at every call, and a seeded " +
                                             "training run would see the same noise at every step. " + picture,
                SeedReason.FreshEveryDraw => "if every draw were fresh, no run could be repeated and session.Reseed() (section 5) would be " +
                                             "pointless. " + picture,
                _ => "a generator given the same seed is put into the same state as the first time: is that a new stream? " + picture,
            });
    }

    /// <summary>
    /// Exercise 2: the gradient of f(x) = Σᵢ sin xᵢ, written as a function of x before running autograd. The check calls
    /// it on a 3 × 4 tensor of points the notebook never showed (negative, beyond π, and a zero), with autograd switched off
    /// inside the call (so the answer is the formula, not a backward pass), and compares it with autograd's gradient.
    /// </summary>
    public static ExerciseCheck SinGradient(Func<Tensor, Tensor> predictedGradient)
    {
        ArgumentNullException.ThrowIfNull(predictedGradient);
        using var scope = NewDisposeScope();
        Tensor x;
        using (var generator = new Generator(20_240_917UL)) x = (rand(3, 4, dtype: ScalarType.Float64, generator: generator) * 14 - 7);
        x[0, 0] = tensor(0.0, dtype: ScalarType.Float64);
        x.requires_grad_();
        x.sin().sum().backward();
        var autograd = x.grad!.detach().clone();
        var points = x.detach().clone();
        Tensor predicted;
        try
        {
            using (no_grad()) predicted = predictedGradient(points.clone());
        }
        catch (Exception e)
        {
            return ExerciseCheck.NotYet($"your gradient function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}). Write the formula " +
                                        "with tensor operations on v; the check switches autograd off while it calls your function.");
        }
        if (predicted is null)
            return ExerciseCheck.NotYet("your gradient function returned null; return a tensor with one entry per xᵢ.");
        if (!predicted.shape.SequenceEqual(autograd.shape))
            return ExerciseCheck.NotYet($"your gradient has shape [{string.Join(", ", predicted.shape)}] for an input of shape " +
                                        $"[{string.Join(", ", points.shape)}]: ∇f has one entry per xᵢ, the same shape as x.");
        var guess = predicted.to_type(ScalarType.Float64);
        double Gap(Tensor candidate) => (guess - candidate).abs().max().item<double>();
        if (Gap(autograd) < 1e-5)
            return ExerciseCheck.Pass($"your formula matches autograd at {autograd.numel()} points the notebook never used: ∂/∂xᵢ Σⱼ sin xⱼ = cos xᵢ, " +
                                      "because each term depends on its own xᵢ only.");
        var hint = Gap(2 * points) < 1e-5 ? "that is still the gradient of Σ xᵢ², the starting line."
            : Gap(points.sin()) < 1e-5 ? "that is f's terms themselves, not their derivative."
            : Gap(-points.cos()) < 1e-5 ? "check the sign of the derivative of sin."
            : "your formula does not match autograd's gradient at these points.";
        return ExerciseCheck.NotYet($"{hint} Differentiate each term sin xᵢ with respect to its own xᵢ.");
    }
}
