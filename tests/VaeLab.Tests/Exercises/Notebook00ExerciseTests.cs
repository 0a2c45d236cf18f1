using TorchSharp;
using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 00 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook00ExerciseTests
{
    [Fact]
    public void Seeds()
    {
        Assert.StartsWith("not yet:", Notebook00.Seeds(null, null).ToString());
        Assert.False(Notebook00.Seeds(true, true).Passed);
        Assert.False(Notebook00.Seeds(false, false).Passed);
        var solved = Notebook00.Seeds(reseedBothTimesEqual: true, seedOnceEqual: false);
        Assert.True(solved.Passed, solved.ToString());
        Assert.StartsWith("✓ ", solved.ToString());
    }

    [Fact]
    public void SinGradient()
    {
        var start = Notebook00.SinGradient(x => 2 * x);            // the notebook's starting line: the gradient of Σ x²
        Assert.StartsWith("not yet:", start.ToString());
        Assert.False(Notebook00.SinGradient(x => x.sin()).Passed);
        Assert.False(Notebook00.SinGradient(x => x.cos().sum()).Passed); // wrong shape is explained, not thrown
        Assert.False(Notebook00.SinGradient(_ => throw new InvalidOperationException("boom")).Passed);
        var solved = Notebook00.SinGradient(x => x.cos());
        Assert.True(solved.Passed, solved.ToString());
    }
}
