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

    // Two 4-cliques {0..3}, {4..7} joined by the edge 3–4, and three isolated nodes 8, 9, 10.
    private static Tensor TwoCliquesAndIsolatedNodes()
    {
        var a = zeros(11, 11);
        void Join(int i, int j) { a[i, j] = 1; a[j, i] = 1; }
        foreach (var offset in new[] { 0, 4 })
            for (var i = 0; i < 4; i++)
                for (var j = i + 1; j < 4; j++) Join(offset + i, offset + j);
        Join(3, 4);
        return a;
    }

    [Fact]
    public void ComponentsAreTheMultiplicityOfEigenvalueOneOfTheGcnMatrix()
    {
        var a = TwoCliquesAndIsolatedNodes();
        var components = GraphStatistics.Components(a);
        Assert.Equal(new GraphComponents(4, 8, 3), components);
        var eigenvalues = linalg.eigvalsh(VaeLab.Models.Graph.GraphNormalization.Symmetric(a.to_type(ScalarType.Float64))).data<double>().ToArray();
        Assert.Equal(components.Count, eigenvalues.Count(v => Math.Abs(v - 1) < 1e-9));
        Assert.Equal(new GraphComponents(1, 3, 0), GraphStatistics.Components(tensor(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, [3, 3])));
    }

    [Fact]
    public void RegularizedSpectralEmbeddingIgnoresIsolatedNodesAndSeparatesTheCliques()
    {
        // With 4 components, the 2 leading eigenvectors of Â are eigenvalue-1 vectors; with D + τI the isolated nodes'
        // rows vanish and the two leading vectors are the giant component's and the one that splits the cliques.
        var a = TwoCliquesAndIsolatedNodes();
        var z = LinkPrediction.RegularizedSpectralEmbedding(a, 2);
        Assert.Equal([11L, 2L], z.shape);
        for (var i = 8; i < 11; i++) Assert.Equal(0.0, z[i].abs().sum().ToDouble(), 12);
        var scores = LinkPrediction.PairScores(z, new NodePairs([0, 1, 0, 1], [2, 7, 5, 6])).data<double>().ToArray();
        Assert.True(scores[0] > scores[2] && scores[0] > scores[3], $"within-clique {scores[0]} should beat across {scores[2]}, {scores[3]}");
        Assert.Throws<ArgumentException>(() => LinkPrediction.RegularizedSpectralEmbedding(a, 2, tau: 0));
        Assert.Throws<ArgumentException>(() => LinkPrediction.RegularizedSpectralEmbedding(zeros(3, 3), 1));
    }
}
