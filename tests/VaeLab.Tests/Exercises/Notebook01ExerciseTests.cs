using VaeLab.Exercises;
using VaeLab.Graphical;
using static VaeLab.Exercises.Notebook01;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 01 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook01ExerciseTests
{
    private static readonly double[] NotebookWet = [1.0, 0.0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99];
    private static readonly double[] SolutionWet = [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.01, 0.99];

    [Fact]
    public void Explaining_away()
    {
        Assert.StartsWith("not yet:", ExplainingAway(WetGrass(NotebookWet)).ToString());
        // A sprinkler more likely on cloudy days does not reverse the effect with the notebook's Wet table.
        var cloudySprinkler = new BayesianNetwork()
            .AddNode("Cloudy", 2, [], [0.5, 0.5]).AddNode("Sprinkler", 2, ["Cloudy"], [0.5, 0.5, 0.1, 0.9])
            .AddNode("Rain", 2, ["Cloudy"], [0.8, 0.2, 0.2, 0.8]).AddNode("Wet", 2, ["Sprinkler", "Rain"], NotebookWet);
        Assert.False(ExplainingAway(cloudySprinkler).Passed);
        var solved = ExplainingAway(WetGrass(SolutionWet));
        Assert.True(solved.Passed, solved.ToString());
        Assert.Contains("work together", solved.Message);
        // Changing the graph is not an answer.
        var rewired = new BayesianNetwork().AddNode("Cloudy", 2, [], [0.5, 0.5]).AddNode("Sprinkler", 2, [], [0.5, 0.5])
            .AddNode("Rain", 2, [], [0.5, 0.5]).AddNode("Wet", 2, ["Rain"], [0.9, 0.1, 0.1, 0.9]);
        Assert.Contains("parents", ExplainingAway(rewired).Message);
    }

    [Fact]
    public void Chain_with_shortcut_needs_the_reason()
    {
        Assert.StartsWith("not yet:", ChainWithShortcut(null, null).ToString());
        Assert.False(ChainWithShortcut(true, ShortcutReason.BBlocksEveryPath).Passed);
        // The right prediction with a wrong reason does not pass, and its hint does not print the measured gap.
        var wrongReason = ChainWithShortcut(false, ShortcutReason.ConditioningOnBOpensTheCollider);
        Assert.False(wrongReason.Passed);
        Assert.DoesNotContain("E-0", wrongReason.Message);
        Assert.False(ChainWithShortcut(true, ShortcutReason.DirectEdgeCannotBeBlocked).Passed);
        var solved = ChainWithShortcut(false, ShortcutReason.DirectEdgeCannotBeBlocked);
        Assert.True(solved.Passed, solved.ToString());
    }

    private static HiddenMarkovModel NotebookHmm() => new(
        [0.6, 0.3, 0.1],
        new double[,] { { 0.80, 0.15, 0.05 }, { 0.10, 0.80, 0.10 }, { 0.05, 0.25, 0.70 } },
        new double[,] { { 0.70, 0.20, 0.05, 0.05 }, { 0.10, 0.50, 0.30, 0.10 }, { 0.05, 0.05, 0.30, 0.60 } });

    [Fact]
    public void Forward_by_hand_names_the_slip_not_the_numbers()
    {
        var hmm = NotebookHmm();
        Assert.StartsWith("not yet:", ForwardByHand(hmm, [0, 0, 0], [0, 0, 0]).ToString());
        double[] alpha1 = [0.42, 0.03, 0.005], alpha2 = [0.0169625, 0.008825, 0.0165];        // the solution's pen-and-paper values
        var noTransition = ForwardByHand(hmm, alpha1, [0.42 * 0.05, 0.03 * 0.1, 0.005 * 0.6]);
        Assert.False(noTransition.Passed);
        Assert.Contains("skips the transition", noTransition.Message);
        Assert.DoesNotContain("0.0169", noTransition.Message);
        Assert.Contains("initial distribution alone", ForwardByHand(hmm, [0.6, 0.3, 0.1], alpha2).Message);
        var solved = ForwardByHand(hmm, alpha1, alpha2);
        Assert.True(solved.Passed, solved.ToString());
        Assert.Contains("0.04229", solved.Message);
    }

    [Fact]
    public void Grid_timing()
    {
        // Timings that double per site: 1 ms at 12 sites → 2⁸ ms at 20; 30 sites → 2¹⁸ ms ≈ 262 s.
        (int, double)[] measured = [(12, 1.0), (16, 16.0), (20, 256.0)];
        Assert.Equal(Math.Pow(2, 18), Extrapolate(measured, 30), 6);
        Assert.StartsWith("not yet:", GridTiming(measured, 0).ToString());
        var linear = GridTiming(measured, 0.256 * 30 / 20);       // linear thinking: 1.5× the sites, 1.5× the time
        Assert.False(linear.Passed);
        Assert.Contains("linear", linear.Message);
        Assert.DoesNotContain("262", linear.Message);
        Assert.True(GridTiming(measured, 262).Passed);
        Assert.False(GridTiming([(12, 1.0)], 262).Passed);
        // A noisy machine: the 16-site time is inflated, so the fit says ×1.4 per site; doubling from 20 sites is still accepted.
        (int, double)[] noisy = [(12, 15.0), (16, 218.0), (20, 250.0)];
        Assert.True(GridTiming(noisy, 0.25 * 1024).Passed);
        Assert.False(GridTiming(noisy, 0.25 * 10).Passed);
        // The audit's run: the two small grids timed ×6 slow (JIT tier 0), the 20-site grid right. Doubling from the
        // 16-site time (43.5 ms · 2¹⁴ ≈ 713 s) is the right reasoning and is accepted, as is doubling from 20 sites (≈ 106 s).
        (int, double)[] warmUp = [(12, 2.3), (16, 43.5), (20, 103.1)];
        Assert.True(GridTiming(warmUp, 43.5 * 16384 / 1000).Passed);
        Assert.True(GridTiming(warmUp, 2.3 * 262144 / 1000).Passed);
        Assert.True(GridTiming(warmUp, 103.1 * 1024 / 1000).Passed);
        Assert.False(GridTiming(warmUp, 0.1031 * 30 / 20).Passed);   // linear growth from 20 sites is still refused
        Assert.False(GridTiming(warmUp, 103.1 * 1024 * 30).Passed);   // far beyond any doubling
    }
}
