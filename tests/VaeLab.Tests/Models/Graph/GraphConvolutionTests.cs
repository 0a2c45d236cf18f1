using TorchSharp;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Graph;

public class GraphConvolutionTests
{
    [Fact]
    public void SymmetricNormalisationOfThreeNodePathByHand()
    {
        // Path 0 – 1 – 2. A + I has degrees 2, 3, 2, so Â_ij = 1/√(d_i d_j) on edges and the diagonal:
        // [[1/2, 1/√6, 0], [1/√6, 1/3, 1/√6], [0, 1/√6, 1/2]].
        var path = tensor(new double[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, [3, 3]);
        var normalized = GraphNormalization.Symmetric(path).data<double>().ToArray();
        var s = 1 / Math.Sqrt(6);
        double[] expected = [0.5, s, 0, s, 1 / 3.0, s, 0, s, 0.5];
        for (var k = 0; k < 9; k++) Assert.Equal(expected[k], normalized[k], 12);
    }

    [Fact]
    public void NormalisationRejectsDirectedGraphsAndSelfLoops()
    {
        Assert.Throws<ArgumentException>(() => GraphNormalization.Symmetric(tensor(new float[] { 0, 1, 0, 0 }, [2, 2])));
        Assert.Throws<ArgumentException>(() => GraphNormalization.Symmetric(eye(3)));
        Assert.Throws<ArgumentException>(() => GraphNormalization.Symmetric(zeros(2, 3)));
    }

    [Fact]
    public void LayerEqualsNormalisedAdjacencyTimesFeaturesTimesWeight()
    {
        var layer = new GraphConvolution(4, 2, hasBias: true, generator: new Generator(11));
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(["bias", "weight"], parameters.Keys.Order());
        using (no_grad()) parameters["bias"].copy_(tensor(new[] { 0.5f, -1f }));

        var adjacency = tensor(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, [3, 3]);
        var normalized = GraphNormalization.Symmetric(adjacency);
        var features = tensor(new float[] { 1, 0, 2, -1, 0, 1, 1, 0, 3, 1, 0, 2 }, [3, 4]);
        var output = layer.call(features, normalized);

        // Written out element by element: out[i, o] = Σ_j Â[i, j] Σ_f X[j, f] W[f, o] + b[o].
        var (a, x, w) = (normalized.data<float>().ToArray(), features.data<float>().ToArray(), parameters["weight"].data<float>().ToArray());
        float[] b = [0.5f, -1f];
        var actual = output.data<float>().ToArray();
        for (var i = 0; i < 3; i++)
            for (var o = 0; o < 2; o++)
            {
                double sum = b[o];
                for (var j = 0; j < 3; j++)
                    for (var f = 0; f < 4; f++) sum += a[i * 3 + j] * x[j * 4 + f] * w[f * 2 + o];
                Assert.Equal(sum, actual[i * 2 + o], 5);
            }
    }

    [Fact]
    public void WeightsAreGlorotUniformAndReproducible()
    {
        var first = new GraphConvolution(30, 20, generator: new Generator(3));
        var second = new GraphConvolution(30, 20, generator: new Generator(3));
        var w1 = first.parameters().Single();
        Assert.Equal(new long[] { 30, 20 }, w1.shape);
        Assert.Equal(0.0, (w1 - second.parameters().Single()).abs().max().ToDouble());
        var range = Math.Sqrt(6.0 / 50);
        Assert.True(w1.abs().max().ToDouble() <= range);
        Assert.True(w1.abs().max().ToDouble() > 0.8 * range);
    }

    [Fact]
    public void MismatchedShapesThrowInsteadOfAborting()
    {
        var layer = new GraphConvolution(4, 2);
        Assert.Throws<ArgumentException>(() => layer.call(zeros(3, 5), eye(3)));
        Assert.Throws<ArgumentException>(() => layer.call(zeros(3, 4), eye(4)));
    }
}
