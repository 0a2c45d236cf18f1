using TorchSharp;
using VaeLab.Exercises;
using static VaeLab.Exercises.Notebook00;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 00 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook00ExerciseTests
{
    [Fact]
    public void Seeds_need_both_predictions_and_the_reason()
    {
        Assert.StartsWith("not yet:", Seeds(null, null, null).ToString());                 // the notebook's starting values
        Assert.Contains("SeedReason.StreamStartFixed", Seeds(null, null, null).Message);  // the choices are listed
        var solved = Seeds(reseedBothTimesEqual: true, seedOnceEqual: false, SeedReason.StreamStartFixed);
        Assert.True(solved.Passed, solved.ToString());
        Assert.StartsWith("✓ ", solved.ToString());
        // Flipping the predictions without the reason does not pass, and a wrong reason gets its own hint, not the answer.
        foreach (var reason in Enum.GetValues<SeedReason>().Where(r => r != SeedReason.StreamStartFixed))
        {
            var check = Seeds(true, false, reason);
            Assert.False(check.Passed);
            Assert.DoesNotContain("were equal", check.Message, StringComparison.Ordinal);
        }
        Assert.False(Seeds(true, true, SeedReason.StreamStartFixed).Passed);
        Assert.False(Seeds(false, false, SeedReason.StreamStartFixed).Passed);
    }

    [Fact]
    public void Sin_gradient_is_checked_on_unseen_points_with_autograd_off()
    {
        var start = SinGradient(x => 2 * x);            // the notebook's starting line: the gradient of Σ x²
        Assert.StartsWith("not yet:", start.ToString());
        Assert.Contains("Σ xᵢ²", start.Message);
        Assert.False(SinGradient(x => x.sin()).Passed);
        Assert.False(SinGradient(x => -x.cos()).Passed);
        Assert.False(SinGradient(x => x.cos().sum()).Passed);             // wrong shape is explained, not thrown
        Assert.False(SinGradient(_ => throw new InvalidOperationException("boom")).Passed);
        // Running autograd inside the answer does not work: the check calls it with gradients switched off.
        var viaAutograd = SinGradient(v =>
        {
            var x = v.clone().requires_grad_();
            x.sin().sum().backward();
            return x.grad!;
        });
        Assert.False(viaAutograd.Passed, viaAutograd.ToString());
        var solved = SinGradient(x => x.cos());
        Assert.True(solved.Passed, solved.ToString());
    }
}
