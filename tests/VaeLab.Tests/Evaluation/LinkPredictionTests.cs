using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class LinkPredictionTests
{
    [Fact]
    public void PairScoresAreInnerProducts()
    {
        var z = tensor(new float[] { 1, 2, 3, 4, -1, 0.5f }, [3, 2]);
        var scores = LinkPrediction.PairScores(z, new NodePairs([0, 1], [1, 2])).data<double>().ToArray();
        Assert.Equal([11.0, -1.0], scores);   // 1·3 + 2·4 and 3·(−1) + 4·0.5
        Assert.Throws<ArgumentException>(() => LinkPrediction.PairScores(z, new NodePairs([0], [3])));
    }

    [Fact]
    public void CommunityIndicatorsPredictWithinCommunityEdgesPerfectly()
    {
        // One-hot communities: z_i · z_j = 1 inside a community, 0 across it.
        var z = tensor(new float[] { 1, 0, 1, 0, 0, 1, 0, 1 }, [4, 2]);
        var edges = new NodePairs([0, 2], [1, 3]);
        var nonEdges = new NodePairs([0, 1], [2, 3]);
        var perfect = LinkPrediction.Evaluate(z, edges, nonEdges);
        Assert.Equal(1.0, perfect.RocAuc);
        Assert.Equal(1.0, perfect.AveragePrecision);
        var reversed = LinkPrediction.Evaluate(z, nonEdges, edges);
        Assert.Equal(0.0, reversed.RocAuc);
        // Identical embeddings tie every pair: AUC ½.
        Assert.Equal(0.5, LinkPrediction.Evaluate(ones(4, 2), edges, nonEdges).RocAuc);
    }

    [Fact]
    public void SpectralEmbeddingOfTwoTrianglesReproducesTheirPropagationMatrix()
    {
        // Two disjoint triangles: A + I is two all-ones 3×3 blocks, each node has degree 3, so Â = blocks of 1/3.
        // Its eigenvalues are 1, 1, 0, 0, 0, 0, so the 2-D embedding gives Z Zᵀ = Â exactly.
        var a = zeros(6, 6);
        foreach (var (i, j) in new[] { (0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5) }) { a[i, j] = 1; a[j, i] = 1; }
        var z = LinkPrediction.SpectralEmbedding(a, 2);
        Assert.Equal([6L, 2L], z.shape);
        var product = z.mm(z.t()).data<double>().ToArray();
        for (var i = 0; i < 6; i++)
            for (var j = 0; j < 6; j++)
                Assert.Equal(i / 3 == j / 3 ? 1 / 3.0 : 0.0, product[i * 6 + j], 9);
        Assert.Throws<ArgumentException>(() => LinkPrediction.SpectralEmbedding(a, 7));
    }
}
