using TorchSharp;
using VaeLab.Data.Graphs;
using static TorchSharp.torch;

namespace VaeLab.Tests.Data;

public class StochasticBlockModelTests
{
    [Fact]
    public void AdjacencyIsSymmetricZeroOneWithoutSelfLoops()
    {
        var graph = StochasticBlockModel.Sample(new StochasticBlockModelOptions([30, 40, 50], 0.3, 0.05), seed: 1);
        var a = graph.Adjacency;
        Assert.Equal(new long[] { 120, 120 }, a.shape);
        Assert.Equal(0.0, (a - a.t()).abs().max().ToDouble());
        Assert.Equal(0.0, a.diagonal().abs().sum().ToDouble());
        Assert.True((a.eq(0) | a.eq(1)).all().item<bool>());
        Assert.Equal(Enumerable.Repeat(0, 30).Concat(Enumerable.Repeat(1, 40)).Concat(Enumerable.Repeat(2, 50)), graph.Communities);
    }

    [Fact]
    public void EmpiricalDensitiesAreNearTheProbabilities()
    {
        const double pIn = 0.25, pOut = 0.04;
        var graph = StochasticBlockModel.Sample(new StochasticBlockModelOptions([100, 100, 100], pIn, pOut), seed: 2);
        var values = graph.Adjacency.data<float>().ToArray();
        int n = graph.NodeCount, withinEdges = 0, withinPairs = 0, betweenEdges = 0, betweenPairs = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var edge = values[i * n + j] == 1 ? 1 : 0;
                if (graph.Communities[i] == graph.Communities[j]) { withinPairs++; withinEdges += edge; }
                else { betweenPairs++; betweenEdges += edge; }
            }
        // 14,850 within pairs: sd of the density ≈ √(.25·.75/14850) ≈ 0.0036; 30,000 between pairs: sd ≈ 0.0011.
        Assert.InRange(withinEdges / (double)withinPairs, pIn - 0.015, pIn + 0.015);
        Assert.InRange(betweenEdges / (double)betweenPairs, pOut - 0.005, pOut + 0.005);
        Assert.Equal(withinEdges + betweenEdges, graph.EdgeCount);
    }

    [Fact]
    public void SameSeedSameGraphOtherSeedOtherGraph()
    {
        var options = StochasticBlockModelOptions.Default;
        var first = StochasticBlockModel.Sample(options, seed: 7).Adjacency;
        Assert.Equal(0.0, (first - StochasticBlockModel.Sample(options, seed: 7).Adjacency).abs().sum().ToDouble());
        Assert.NotEqual(0.0, (first - StochasticBlockModel.Sample(options, seed: 8).Adjacency).abs().sum().ToDouble());
    }

    [Fact]
    public void InvalidOptionsThrow()
    {
        Assert.Throws<ArgumentException>(() => StochasticBlockModel.Sample(new StochasticBlockModelOptions([10, 0], 0.5, 0.1), 1));
        Assert.Throws<ArgumentException>(() => StochasticBlockModel.Sample(new StochasticBlockModelOptions([10], 1.5, 0.1), 1));
    }
}

public class EdgeSplitTests
{
    private static CommunityGraph Graph() =>
        StochasticBlockModel.Sample(new StochasticBlockModelOptions([40, 40, 40], 0.2, 0.02), seed: 3);

    private static HashSet<(long, long)> EdgesOf(Tensor adjacency)
    {
        var n = adjacency.shape[0];
        var values = adjacency.data<float>().ToArray();
        var set = new HashSet<(long, long)>();
        for (long i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                if (values[i * n + j] == 1) set.Add((i, j));
        return set;
    }

    [Fact]
    public void HeldOutEdgesAreAbsentFromTrainingGraphAndPartitionTheEdges()
    {
        var graph = Graph();
        var all = EdgesOf(graph.Adjacency);
        var split = EdgeSplit.Split(graph.Adjacency, seed: 4);
        var training = EdgesOf(split.TrainingAdjacency);

        Assert.Equal((int)Math.Floor(0.05 * all.Count), split.ValidationEdges.Count);
        Assert.Equal((int)Math.Floor(0.10 * all.Count), split.TestEdges.Count);
        var heldOut = split.ValidationEdges.Pairs().Concat(split.TestEdges.Pairs()).ToList();
        Assert.All(heldOut, e => Assert.Contains(e, all));
        Assert.All(heldOut, e => Assert.DoesNotContain(e, training));
        Assert.Equal(heldOut.Count, heldOut.Distinct().Count());
        Assert.Equal(all.Count, training.Count + heldOut.Count);
        Assert.True(training.SetEquals(split.TrainingEdges.Pairs()));
        var t = split.TrainingAdjacency;
        Assert.Equal(0.0, (t - t.t()).abs().max().ToDouble());
    }

    [Fact]
    public void NegativesAreTrueNonEdgesDistinctAndAsManyAsPositives()
    {
        var graph = Graph();
        var all = EdgesOf(graph.Adjacency);
        var split = EdgeSplit.Split(graph.Adjacency, seed: 5);
        Assert.Equal(split.ValidationEdges.Count, split.ValidationNonEdges.Count);
        Assert.Equal(split.TestEdges.Count, split.TestNonEdges.Count);
        var negatives = split.ValidationNonEdges.Pairs().Concat(split.TestNonEdges.Pairs()).ToList();
        Assert.All(negatives, p => Assert.True(p.I < p.J, "pairs are (i, j) with i < j, no self-pairs"));
        Assert.All(negatives, p => Assert.DoesNotContain(p, all));
        Assert.Equal(negatives.Count, negatives.Distinct().Count());
    }

    [Fact]
    public void SplitIsDeterministicInTheSeed()
    {
        var graph = Graph();
        var (a, b, c) = (EdgeSplit.Split(graph.Adjacency, 6), EdgeSplit.Split(graph.Adjacency, 6), EdgeSplit.Split(graph.Adjacency, 9));
        Assert.Equal(a.TestEdges.First, b.TestEdges.First);
        Assert.Equal(a.TestNonEdges.Second, b.TestNonEdges.Second);
        Assert.NotEqual(a.TestEdges.Pairs(), c.TestEdges.Pairs());
    }

    [Fact]
    public void IndexTensorsHoldTheEndpoints()
    {
        var split = EdgeSplit.Split(Graph().Adjacency, seed: 1);
        var (first, second) = split.TestEdges.ToTensors();
        Assert.Equal(ScalarType.Int64, first.dtype);
        Assert.Equal(split.TestEdges.First, first.data<long>().ToArray());
        Assert.Equal(split.TestEdges.Second, second.data<long>().ToArray());
    }

    [Fact]
    public void BadInputThrows()
    {
        Assert.Throws<ArgumentException>(() => EdgeSplit.Split(zeros(3, 4), 1));
        Assert.Throws<ArgumentException>(() => EdgeSplit.Split(tensor(new float[] { 0, 1, 0, 0 }, [2, 2]), 1)); // not symmetric
        Assert.Throws<ArgumentException>(() => EdgeSplit.Split(Graph().Adjacency, 1, 0.6, 0.5));
        // A complete graph has no non-edges to pair with held-out edges.
        Assert.Throws<ArgumentException>(() => EdgeSplit.Split(ones(5, 5) - eye(5), 1, 0.2, 0.2));
    }
}

public class DegreeCorrectedBlockModelTests
{
    [Fact]
    public void ZeroSpreadIsThePlainBlockModelWithConstantProbabilities()
    {
        var plain = StochasticBlockModel.Sample(new StochasticBlockModelOptions([30, 30], 0.3, 0.05), seed: 4);
        var p = plain.EdgeProbabilities.data<double>().ToArray();
        Assert.Equal(0.3, p[0 * 60 + 1]);
        Assert.Equal(0.05, p[0 * 60 + 59]);
        Assert.Equal(0.0, p[5 * 60 + 5]);
    }

    [Fact]
    public void SpreadKeepsCommunityTotalsButSpreadsDegrees()
    {
        var options = new StochasticBlockModelOptions([100, 100, 100], 0.1, 0.01, DegreeSpread: 1.0);
        var graph = StochasticBlockModel.Sample(options, seed: 5);
        var p = graph.EdgeProbabilities;
        Assert.Equal(0.0, (p - p.t()).abs().max().ToDouble());
        // Propensities average 1 per community, so the expected within-community density stays near p_in
        // (slightly below where min(1, ·) clips).
        var same = tensor(graph.Communities.Select(c => (long)c).ToArray());
        var mask = same.unsqueeze(1).eq(same.unsqueeze(0)).to_type(ScalarType.Float64) - eye(300, dtype: ScalarType.Float64);
        var withinMean = (p * mask).sum().ToDouble() / mask.sum().ToDouble();
        Assert.InRange(withinMean, 0.08, 0.1 + 1e-9);
        // Degrees spread far more than a plain block model's (binomial: sd ≈ √(mean)).
        var degree = graph.Adjacency.sum(dim: 1).to_type(ScalarType.Float64);
        var plain = StochasticBlockModel.Sample(options with { DegreeSpread = 0 }, seed: 5).Adjacency.sum(dim: 1).to_type(ScalarType.Float64);
        Assert.True(degree.std().ToDouble() > 2 * plain.std().ToDouble(), $"sd {degree.std().ToDouble():F1} vs {plain.std().ToDouble():F1}");
        Assert.Throws<ArgumentException>(() => StochasticBlockModel.Sample(options with { DegreeSpread = -1 }, 1));
    }

    [Fact]
    public void SpreadDoesNotChangeThePlainModelsGraphForASeed()
    {
        var a = StochasticBlockModel.Sample(StochasticBlockModelOptions.Default, seed: 11).Adjacency;
        var b = StochasticBlockModel.Sample(StochasticBlockModelOptions.Default with { DegreeSpread = 0 }, seed: 11).Adjacency;
        Assert.Equal(0.0, (a - b).abs().sum().ToDouble());
    }
}

public class CommunityFeaturesTests
{
    [Fact]
    public void FeaturesClusterByCommunityAndFollowTheSeed()
    {
        int[] communities = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 50)];
        var x = CommunityFeatures.Sample(communities, dimensions: 20, noise: 0.5, seed: 1);
        Assert.Equal(new long[] { 100, 20 }, x.shape);
        var centre0 = x.narrow(0, 0, 50).mean([0]);
        var centre1 = x.narrow(0, 50, 50).mean([0]);
        // Within-community spread (noise 0.5 per dimension) is far smaller than the distance between centres (≈ √40).
        var within = (x.narrow(0, 0, 50) - centre0).pow(2).sum(dim: 1).sqrt().mean().ToDouble();
        Assert.True((centre0 - centre1).norm().ToDouble() > 2 * within);
        Assert.Equal(0.0, (x - CommunityFeatures.Sample(communities, 20, 0.5, seed: 1)).abs().sum().ToDouble());
        Assert.NotEqual(0.0, (x - CommunityFeatures.Sample(communities, 20, 0.5, seed: 2)).abs().sum().ToDouble());
        Assert.Throws<ArgumentException>(() => CommunityFeatures.Sample(communities, 0, 0.5, 1));
        Assert.Throws<ArgumentException>(() => CommunityFeatures.Sample(communities, 5, -1, 1));
    }
}
