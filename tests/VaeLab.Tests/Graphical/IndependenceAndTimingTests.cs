using VaeLab.Graphical;

namespace VaeLab.Tests.Graphical;

/// <summary>The two pieces notebook 01 moved into the library: the conditional-independence check and the HMM timing table.</summary>
public class IndependenceAndTimingTests
{
    private static JointTable Chain() => new BayesianNetwork()
        .AddNode("A", 2, [], [0.3, 0.7])
        .AddNode("B", 2, ["A"], [0.9, 0.1, 0.2, 0.8])
        .AddNode("C", 2, ["B"], [0.6, 0.4, 0.1, 0.9]).Enumerate();

    [Fact]
    public void A_check_measures_the_gap_and_the_verdict_reads_the_extremes()
    {
        var joint = Chain();
        IndependenceCheck[] checks =
        [
            new("chain", joint, "A", "C", graphSaysIndependent: false),
            new("chain", joint, "A", "C", graphSaysIndependent: true, "B"),
        ];
        Assert.False(checks[0].Holds);
        Assert.True(checks[1].Holds);
        Assert.Equal("A ⫫ C | B", checks[1].Statement);
        Assert.Contains("→ holds", checks[1].ToString());
        Assert.Equal(joint.ConditionalIndependenceGap("A", "C"), checks[0].Gap);
        var verdict = IndependenceCheck.Verdict(checks);
        Assert.Contains("all 2 outcomes", verdict);
        Assert.Contains(checks[0].Gap.ToString("E1"), verdict);
    }

    [Fact]
    public void The_verdict_throws_when_a_graph_statement_disagrees_with_the_numbers()
    {
        var wrong = new IndependenceCheck("chain", Chain(), "A", "C", graphSaysIndependent: true);   // A and C are dependent
        var e = Assert.Throws<InvalidOperationException>(() => IndependenceCheck.Verdict([wrong]));
        Assert.Contains("disagreed", e.Message);
    }

    [Fact]
    public void Hmm_timing_computes_both_ways_for_every_prefix()
    {
        var hmm = new HiddenMarkovModel([0.6, 0.4], new double[,] { { 0.7, 0.3 }, { 0.2, 0.8 } }, new double[,] { { 0.9, 0.1 }, { 0.3, 0.7 } });
        int[] observed = [0, 1, 1, 0, 1];
        var rows = LikelihoodTiming.Measure(hmm, observed);
        Assert.Equal(5, rows.Count);
        for (var t = 1; t <= 5; t++)
        {
            Assert.Equal(t, rows[t - 1].Length);
            Assert.Equal(Math.Pow(2, t), rows[t - 1].Paths);
            Assert.Equal(hmm.ForwardLogLikelihood(observed[..t]), rows[t - 1].ForwardLogLikelihood, 12);
            Assert.Equal(rows[t - 1].ForwardLogLikelihood, rows[t - 1].BruteForceLogLikelihood, 9);
            Assert.True(rows[t - 1].ForwardMilliseconds > 0 && rows[t - 1].BruteForceMilliseconds > 0);
        }
        Assert.StartsWith("T= 3", rows[2].ToString());
    }
}
