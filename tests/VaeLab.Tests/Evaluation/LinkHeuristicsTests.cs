using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class LinkHeuristicsTests
{
    // 0–1, 0–2, 1–2, 2–3, 3–4: a triangle (0, 1, 2) with a tail 2–3–4. Degrees 2, 2, 3, 2, 1.
    private static Tensor Graph()
    {
        var a = zeros(5, 5);
        foreach (var (i, j) in new[] { (0, 1), (0, 2), (1, 2), (2, 3), (3, 4) }) { a[i, j] = 1; a[j, i] = 1; }
        return a;
    }

    [Fact]
    public void CommonNeighboursCountSharedNeighbours()
    {
        var cn = LinkHeuristics.CommonNeighbours(Graph()).data<double>().ToArray();
        Assert.Equal(1.0, cn[0 * 5 + 1]);   // 0 and 1 share 2
        Assert.Equal(1.0, cn[0 * 5 + 3]);   // 0 and 3 share 2
        Assert.Equal(1.0, cn[2 * 5 + 4]);   // 2 and 4 share 3
        Assert.Equal(0.0, cn[0 * 5 + 4]);
    }

    [Fact]
    public void AdamicAdarWeightsEachSharedNeighbourByOneOverLogDegree()
    {
        var aa = LinkHeuristics.AdamicAdar(Graph()).data<double>().ToArray();
        Assert.Equal(1 / Math.Log(3), aa[0 * 5 + 3], 12);   // shared neighbour 2 has degree 3
        Assert.Equal(1 / Math.Log(2), aa[2 * 5 + 4], 12);   // shared neighbour 3 has degree 2
        Assert.Equal(1 / Math.Log(3), aa[0 * 5 + 1], 12);
        Assert.Equal(0.0, aa[0 * 5 + 4]);
    }

    [Fact]
    public void PreferentialAttachmentMultipliesDegrees()
    {
        var pa = LinkHeuristics.PreferentialAttachment(Graph()).data<double>().ToArray();
        Assert.Equal(6.0, pa[1 * 5 + 2]);
        Assert.Equal(2.0, pa[3 * 5 + 4]);
    }

    [Fact]
    public void EvaluateScoresRanksHeldOutPairsAndCountsTiesAsHalf()
    {
        var scores = LinkHeuristics.CommonNeighbours(Graph());
        // Edge (0, 1) has CN 1; non-edge (0, 4) has CN 0: perfect. Against non-edge (0, 3), also CN 1: a tie, ½.
        Assert.Equal(1.0, LinkPrediction.EvaluateScores(scores, new NodePairs([0], [1]), new NodePairs([0], [4])).RocAuc);
        Assert.Equal(0.5, LinkPrediction.EvaluateScores(scores, new NodePairs([0], [1]), new NodePairs([0], [3])).RocAuc);
        Assert.Throws<ArgumentException>(() => LinkPrediction.EvaluateScores(scores, new NodePairs([0], [5]), new NodePairs([0], [3])));
        Assert.Throws<ArgumentException>(() => LinkPrediction.EvaluateScores(zeros(5, 4), new NodePairs([0], [1]), new NodePairs([0], [3])));
    }

    [Fact]
    public void EvaluateScoresOfAnEmbeddingsInnerProductsEqualsEvaluate()
    {
        var graph = StochasticBlockModel.Sample(StochasticBlockModelOptions.Default, seed: 3);
        var split = EdgeSplit.Split(graph.Adjacency, seed: 3);
        var z = LinkPrediction.SpectralEmbedding(split.TrainingAdjacency, 4);
        var direct = LinkPrediction.Evaluate(z, split.TestEdges, split.TestNonEdges);
        var viaMatrix = LinkPrediction.EvaluateScores(z.mm(z.t()), split.TestEdges, split.TestNonEdges);
        Assert.Equal(direct.RocAuc, viaMatrix.RocAuc, 12);
        Assert.Equal(direct.AveragePrecision, viaMatrix.AveragePrecision, 12);
    }

    [Fact]
    public void TheTrueEdgeProbabilitiesAreAtLeastAsGoodAsCommonNeighboursOnAverage()
    {
        // The oracle that knows p_ij ranks pairs the Bayes-optimal way in expectation; over several graphs it is not beaten.
        double oracle = 0, heuristic = 0;
        for (var seed = 0; seed < 4; seed++)
        {
            var graph = StochasticBlockModel.Sample(new StochasticBlockModelOptions([60, 60, 60], 0.15, 0.01, DegreeSpread: 1), seed);
            var split = EdgeSplit.Split(graph.Adjacency, seed);
            oracle += LinkPrediction.EvaluateScores(graph.EdgeProbabilities, split.TestEdges, split.TestNonEdges).RocAuc;
            heuristic += LinkPrediction.EvaluateScores(LinkHeuristics.CommonNeighbours(split.TrainingAdjacency), split.TestEdges, split.TestNonEdges).RocAuc;
        }
        Assert.True(oracle > heuristic, $"oracle {oracle / 4:F3} vs common neighbours {heuristic / 4:F3}");
    }

    [Fact]
    public void BadAdjacencyThrows()
    {
        Assert.Throws<ArgumentException>(() => LinkHeuristics.CommonNeighbours(zeros(3, 4)));
        Assert.Throws<ArgumentException>(() => LinkHeuristics.AdamicAdar(tensor(new float[] { 0, 1, 0, 0 }, [2, 2])));
        Assert.Throws<ArgumentException>(() => LinkHeuristics.PreferentialAttachment(eye(3)));
    }
}

public class GraphStatisticsTests
{
    [Fact]
    public void TriangleWithATailHasTheExpectedNumbers()
    {
        var a = zeros(5, 5);
        foreach (var (i, j) in new[] { (0, 1), (0, 2), (1, 2), (2, 3), (3, 4) }) { a[i, j] = 1; a[j, i] = 1; }
        var summary = GraphStatistics.Summarise(a, [0, 0, 0, 1, 1]);
        Assert.Equal(5, summary.Edges);
        Assert.Equal(0.5, summary.Density, 12);                 // 5 of 10 pairs
        Assert.Equal(2.0, summary.MeanDegree, 12);
        Assert.Equal(3.0, summary.MaxDegree);
        // One triangle; connected triples: degrees 2, 2, 3, 2, 1 → 1 + 1 + 3 + 1 + 0 = 6; transitivity 3 · 1 / 6.
        Assert.Equal(0.5, summary.Transitivity, 12);
        Assert.Equal(0.8, summary.WithinCommunityShare, 12);    // all but 2–3
        Assert.True(double.IsNaN(GraphStatistics.Summarise(a).WithinCommunityShare));
        Assert.Throws<ArgumentException>(() => GraphStatistics.Summarise(a, [0, 1]));
    }
}
