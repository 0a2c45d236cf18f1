using VaeLab.Exercises;
using VaeLab.Graphical;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 01 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook01ExerciseTests
{
    internal static BayesianNetwork WetGrass(double[] sprinkler, double[] wet) => new BayesianNetwork()
        .AddNode("Cloudy", 2, [], [0.5, 0.5])
        .AddNode("Sprinkler", 2, ["Cloudy"], sprinkler)
        .AddNode("Rain", 2, ["Cloudy"], [0.8, 0.2, 0.2, 0.8])
        .AddNode("Wet", 2, ["Sprinkler", "Rain"], wet);

    private static readonly double[] NotebookSprinkler = [0.5, 0.5, 0.9, 0.1];
    private static readonly double[] NotebookWet = [1.0, 0.0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99];

    [Fact]
    public void ExplainingAway()
    {
        Assert.StartsWith("not yet:", Notebook01.ExplainingAway(WetGrass(NotebookSprinkler, NotebookWet)).ToString());
        // The old hint (a sprinkler more likely on cloudy days) does not reverse the effect with this Wet table.
        Assert.False(Notebook01.ExplainingAway(WetGrass([0.5, 0.5, 0.1, 0.9], NotebookWet)).Passed);
        // The solution: the grass gets wet mostly when both run (and sometimes from dew).
        var solved = Notebook01.ExplainingAway(WetGrass(NotebookSprinkler, [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.01, 0.99]));
        Assert.True(solved.Passed, solved.ToString());
        // Changing the graph is not an answer.
        var rewired = new BayesianNetwork().AddNode("Cloudy", 2, [], [0.5, 0.5]).AddNode("Sprinkler", 2, [], [0.5, 0.5])
            .AddNode("Rain", 2, [], [0.5, 0.5]).AddNode("Wet", 2, ["Rain"], [0.9, 0.1, 0.1, 0.9]);
        Assert.Contains("parents", Notebook01.ExplainingAway(rewired).Message);
    }

    [Fact]
    public void ChainWithShortcut()
    {
        Assert.StartsWith("not yet:", Notebook01.ChainWithShortcut(null).ToString());
        Assert.False(Notebook01.ChainWithShortcut(true).Passed);
        Assert.True(Notebook01.ChainWithShortcut(false).Passed);
    }

    [Fact]
    public void ForwardByHand()
    {
        var hmm = new HiddenMarkovModel(
            [0.6, 0.3, 0.1],
            new double[,] { { 0.80, 0.15, 0.05 }, { 0.10, 0.80, 0.10 }, { 0.05, 0.25, 0.70 } },
            new double[,] { { 0.70, 0.20, 0.05, 0.05 }, { 0.10, 0.50, 0.30, 0.10 }, { 0.05, 0.05, 0.30, 0.60 } });
        Assert.StartsWith("not yet:", Notebook01.ForwardByHand(hmm, 0).ToString());
        Assert.False(Notebook01.ForwardByHand(hmm, 0.42 * 0.05).Passed);          // forgot the transition
        // The solution's pen-and-paper value: α₁ = (0.42, 0.03, 0.005), α₂ = (0.0169625, 0.008825, 0.0165).
        Assert.True(Notebook01.ForwardByHand(hmm, 0.0422875).Passed);
    }

    [Fact]
    public void GridTiming()
    {
        // Timings that double per site: 1 ms at 12 sites → 2⁸ ms at 20; 30 sites → 2¹⁸ ms ≈ 262 s.
        (int, double)[] measured = [(12, 1.0), (16, 16.0), (20, 256.0)];
        Assert.Equal(Math.Pow(2, 18), Notebook01.Extrapolate(measured, 30), 6);
        Assert.StartsWith("not yet:", Notebook01.GridTiming(measured, 0).ToString());
        Assert.False(Notebook01.GridTiming(measured, 2.56).Passed);    // linear thinking: 10 more sites, 10× longer
        Assert.True(Notebook01.GridTiming(measured, 262).Passed);
        Assert.False(Notebook01.GridTiming([(12, 1.0)], 262).Passed);
        // A noisy machine: the 16-site time is inflated, so the fit says ×1.4 per site; doubling from 20 sites is still accepted.
        (int, double)[] noisy = [(12, 15.0), (16, 218.0), (20, 250.0)];
        Assert.True(Notebook01.GridTiming(noisy, 0.25 * 1024).Passed);
        Assert.False(Notebook01.GridTiming(noisy, 0.25 * 10).Passed);
    }
}
