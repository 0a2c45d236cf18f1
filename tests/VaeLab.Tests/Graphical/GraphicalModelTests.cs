using VaeLab.Graphical;
using VaeLab.Plotting;

namespace VaeLab.Tests.Graphical;

public class JointTableTests
{
    [Fact]
    public void ProductDistributionIsIndependentAndDependentOneIsNot()
    {
        var independent = JointTable.FromUnnormalised(["a", "b"], [2, 3], v => (v[0] == 0 ? 0.3 : 0.7) * (v[1] + 1), out var z);
        Assert.Equal(6.0, z, 12);
        Assert.True(independent.ConditionalIndependenceGap("a", "b") < 1e-12);
        var dependent = JointTable.FromUnnormalised(["a", "b"], [2, 2], v => v[0] == v[1] ? 0.4 : 0.1, out _);
        Assert.True(dependent.ConditionalIndependenceGap("a", "b") > 0.1);
    }

    [Fact]
    public void MarginalAndConditionalAgreeWithHandSums()
    {
        var t = new JointTable(["a", "b"], [2, 2], [0.1, 0.2, 0.3, 0.4]);
        var m = t.Marginal("b");
        Assert.Equal(0.4, m.Probabilities[0], 12);
        Assert.Equal(0.6, m.Probabilities[1], 12);
        var c = t.Conditional("a", new Dictionary<string, int> { ["b"] = 1 });
        Assert.Equal(0.2 / 0.6, c[0], 12);
    }

    [Fact]
    public void BadTablesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new JointTable(["a"], [2], [0.5, 0.6]));
        Assert.Throws<ArgumentException>(() => new JointTable(["a"], [3], [0.5, 0.5]));
    }
}

public class BayesianNetworkTests
{
    // Rain → Sprinkler, (Rain, Sprinkler) → WetGrass: the classic example.
    internal static BayesianNetwork Sprinkler() => new BayesianNetwork()
        .AddNode("Rain", 2, [], [0.8, 0.2])
        .AddNode("Sprinkler", 2, ["Rain"], [0.6, 0.4, 0.99, 0.01])
        .AddNode("Wet", 2, ["Rain", "Sprinkler"], [1.0, 0.0, 0.2, 0.8, 0.1, 0.9, 0.01, 0.99]);

    [Fact]
    public void EnumeratedPosteriorMatchesBayesRuleByHand()
    {
        var joint = Sprinkler().Enumerate();
        var posterior = joint.Conditional("Rain", new Dictionary<string, int> { ["Wet"] = 1 });
        // p(R=1, W=1) = 0.2·(0.99·0.9 + 0.01·0.99); p(R=0, W=1) = 0.8·(0.6·0 + 0.4·0.8)
        var rainWet = 0.2 * (0.99 * 0.9 + 0.01 * 0.99);
        var dryWet = 0.8 * (0.4 * 0.8);
        Assert.Equal(rainWet / (rainWet + dryWet), posterior[1], 12);
    }

    [Fact]
    public void SamplersConvergeToTheExactPosterior()
    {
        var net = Sprinkler();
        var evidence = new Dictionary<string, int> { ["Wet"] = 1 };
        var exact = net.Enumerate().Conditional("Rain", evidence);
        var lw = net.LikelihoodWeightingTrace("Rain", evidence, [100, 200_000], new Random(1));
        var rs = net.RejectionSamplingTrace("Rain", evidence, [200_000], new Random(2));
        Assert.True(Math.Abs(lw[^1][1] - exact[1]) < 0.01, $"LW {lw[^1][1]} vs {exact[1]}");
        Assert.True(Math.Abs(rs[^1][1] - exact[1]) < 0.01, $"RS {rs[^1][1]} vs {exact[1]}");
    }

    [Fact]
    public void ChainAndColliderIndependenciesHoldOrFailAsTheGraphSays()
    {
        var chain = new BayesianNetwork()
            .AddNode("A", 2, [], [0.3, 0.7])
            .AddNode("B", 2, ["A"], [0.9, 0.1, 0.2, 0.8])
            .AddNode("C", 2, ["B"], [0.6, 0.4, 0.1, 0.9]).Enumerate();
        Assert.True(chain.ConditionalIndependenceGap("A", "C", "B") < 1e-12);
        Assert.True(chain.ConditionalIndependenceGap("A", "C") > 0.01);

        var collider = new BayesianNetwork()
            .AddNode("A", 2, [], [0.3, 0.7])
            .AddNode("B", 2, [], [0.5, 0.5])
            .AddNode("C", 2, ["A", "B"], [0.9, 0.1, 0.3, 0.7, 0.4, 0.6, 0.05, 0.95]).Enumerate();
        Assert.True(collider.ConditionalIndependenceGap("A", "B") < 1e-12);
        Assert.True(collider.ConditionalIndependenceGap("A", "B", "C") > 0.01);
    }

    [Fact]
    public void InvalidTablesAndOrderAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new BayesianNetwork().AddNode("A", 2, [], [0.3, 0.8]));
        Assert.Throws<ArgumentException>(() => new BayesianNetwork().AddNode("A", 2, ["B"], [0.5, 0.5, 0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => new BayesianNetwork().AddNode("A", 2, [], [0.3, 0.3, 0.4]));
        var bad = new Dictionary<string, int> { ["Wet"] = 2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => Sprinkler().RejectionSamplingTrace("Rain", bad, [10], new Random(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sprinkler().LikelihoodWeightingTrace("Rain", bad, [10], new Random(0)));
    }
}

public class HiddenMarkovModelTests
{
    internal static HiddenMarkovModel RandomHmm(int states, int symbols, Random random)
    {
        double[] Row(int n) { var r = Enumerable.Range(0, n).Select(_ => random.NextDouble() + 0.05).ToArray(); var s = r.Sum(); return r.Select(v => v / s).ToArray(); }
        var a = new double[states, states];
        var b = new double[states, symbols];
        for (var i = 0; i < states; i++)
        {
            var ra = Row(states); var rb = Row(symbols);
            for (var j = 0; j < states; j++) a[i, j] = ra[j];
            for (var j = 0; j < symbols; j++) b[i, j] = rb[j];
        }
        return new HiddenMarkovModel(Row(states), a, b);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    public void ForwardEqualsBruteForce(int length)
    {
        var random = new Random(length);
        var hmm = RandomHmm(3, 4, random);
        var (_, x) = hmm.Sample(length, random);
        Assert.Equal(hmm.BruteForceLogLikelihood(x), hmm.ForwardLogLikelihood(x), 10);
    }

    [Fact]
    public void SingleObservationIsTheMixture()
    {
        var hmm = new HiddenMarkovModel([0.25, 0.75], new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 0.9, 0.1 }, { 0.2, 0.8 } });
        Assert.Equal(Math.Log(0.25 * 0.1 + 0.75 * 0.8), hmm.ForwardLogLikelihood([1]), 12);
    }

    [Fact]
    public void BadObservationsAreRejected()
    {
        var hmm = RandomHmm(2, 2, new Random(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => hmm.ForwardLogLikelihood([0, 2]));
        Assert.Throws<ArgumentException>(() => hmm.ForwardLogLikelihood([]));
    }
}

public class IsingModelTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(4, 0.3)]
    [InlineData(9, -0.2)]
    public void ChainRecursionEqualsBruteForce(int length, double field)
    {
        var model = new IsingModel(1, length, 0.7, field);
        Assert.Equal(model.LogPartitionFunctionBruteForce(), model.LogPartitionFunctionChain(), 10);
    }

    [Fact]
    public void TwoByTwoGridMatchesAnIndependentSum()
    {
        var (j, h) = (0.5, 0.1);
        var model = new IsingModel(2, 2, j, h);
        var z = 0.0;
        foreach (var a in new[] { -1, 1 }) foreach (var b in new[] { -1, 1 })
        foreach (var c in new[] { -1, 1 }) foreach (var d in new[] { -1, 1 })
            // a b / c d: edges a-b, c-d, a-c, b-d
            z += Math.Exp(j * (a * b + c * d + a * c + b * d) + h * (a + b + c + d));
        Assert.Equal(Math.Log(z), model.LogPartitionFunctionBruteForce(), 10);
        Assert.Equal(4 * Math.Log(2), new IsingModel(2, 2, 0, 0).LogPartitionFunctionBruteForce(), 12);
    }

    [Fact]
    public void MarkovBlanketSeparatesAndANeighbourAloneDoesNot()
    {
        var joint = new IsingModel(3, 3, 0.6, 0.1).ToJointTable(out _);
        Assert.True(joint.ConditionalIndependenceGap("s00", "s11", "s01", "s10") < 1e-12);
        Assert.True(joint.ConditionalIndependenceGap("s00", "s11", "s01") > 1e-3);
    }
}

public class GraphDiagramTests
{
    [Fact]
    public void SvgHasOneShapePerNodeAndEdge()
    {
        var d = new GraphDiagram("t", 200, 100).Node("a", 30, 30).Node("b", 100, 30, style: GraphDiagram.NodeStyle.Observed)
            .Node("θ", 150, 30, style: GraphDiagram.NodeStyle.Parameter).Edge("a", "b").Edge("θ", "b").Plate(60, 5, 80, 60, "N");
        var svg = d.ToSvg();
        Assert.Equal(3, CountOf(svg, "<circle"));
        Assert.Equal(2, CountOf(svg, "<line"));
        Assert.Equal(1, CountOf(svg, "<rect"));
        Assert.Throws<ArgumentException>(() => d.Edge("a", "missing"));
        var wide = new GraphDiagram(new string('x', 60), 100, 50).ToSvg();
        Assert.DoesNotContain("width=\"100\"", wide); // a long title widens the picture instead of being clipped
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
