using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Graph;
using VaeLab.Distributions;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Graph;

public class GraphAutoencoderTests
{
    // Path 0 – 1 – 2: A + I has 7 ones among 9 entries.
    private static Tensor Path() => tensor(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0 }, [3, 3]);

    private static double[] ManualRowLogLikelihood(Tensor mu, double positiveWeight, double norm)
    {
        var labels = (Path() + eye(3)).data<float>().ToArray();
        var logits = mu.mm(mu.t()).to_type(ScalarType.Float64).data<double>().ToArray();
        static double LogSigmoid(double v) => -Math.Log(1 + Math.Exp(-v));
        var rows = new double[3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
            {
                var a = labels[i * 3 + j];
                rows[i] += norm * (positiveWeight * a * LogSigmoid(logits[i * 3 + j]) + (1 - a) * LogSigmoid(-logits[i * 3 + j]));
            }
        return rows;
    }

    [Fact]
    public void PlainAutoencoderScoresEachRowOfAPlusIByHand()
    {
        using var generator = new Generator(3);
        var model = new GraphAutoencoder(Path(), 3, new GraphAutoencoderOptions(HiddenSize: 4, LatentSize: 2, Variational: false, WeightPositives: false), generator);
        var features = eye(3);
        using var output = model.call(features);
        var (mu, logVariance) = model.Encode(features);
        Assert.Null(logVariance);
        Assert.False(output.Terms.ContainsKey(Term.Kl));
        var expected = ManualRowLogLikelihood(mu.detach(), 1, 1);
        var got = output.LogLikelihood.data<float>().ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(expected[i], got[i], 4);
    }

    [Fact]
    public void KipfWeightsUpWeightTheRareOnes()
    {
        // As in Kipf & Welling's code, E counts the 1s of A without the diagonal (4 here), not of the labels A + I (7):
        // pos_weight = (9 − 4)/4, norm = 9 / (2 · (9 − 4)).
        using var generator = new Generator(4);
        var model = new GraphAutoencoder(Path(), 3, new GraphAutoencoderOptions(HiddenSize: 4, LatentSize: 2, Variational: false), generator);
        var features = eye(3);
        using var output = model.call(features);
        Assert.Equal(5.0 / 4, model.PositiveWeight, 12);
        Assert.Equal(9.0 / 10, model.Norm, 12);
        var expected = ManualRowLogLikelihood(model.Encode(features).Mean.detach(), 5.0 / 4, 9.0 / 10);
        var got = output.LogLikelihood.data<float>().ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(expected[i], got[i], 4);
    }

    [Fact]
    public void VariationalModelReportsPerNodeKlAndPosterior()
    {
        using var generator = new Generator(5);
        var model = new GraphAutoencoder(Path(), 3, new GraphAutoencoderOptions(HiddenSize: 4, LatentSize: 2), generator);
        using var output = model.call(eye(3));
        Assert.Equal([3L], output.Kl.shape);
        var latent = output.RequireLatent("test");
        Assert.Equal([3L, 2L], latent.Kl.PerVariable.shape);
        Assert.IsType<DiagonalNormal>(latent.Posterior);
        Assert.IsType<EdgeBernoulli>(latent.Likelihood);
        Assert.True(output.Kl.min().item<float>() >= 0);
        Assert.Throws<ArgumentException>(() => model.call(eye(2)));
        Assert.Equal([3L, 3L], GraphAutoencoder.EdgeLogits(ones(3, 2)).shape);
        Assert.Equal(2f, GraphAutoencoder.EdgeLogits(ones(3, 2))[0, 1].item<float>());
    }

    [Fact]
    public void VgaeLearnsToPredictHeldOutLinksOfACommunityGraph()
    {
        var graph = StochasticBlockModel.Sample(StochasticBlockModelOptions.Default, 7);
        var split = EdgeSplit.Split(graph.Adjacency, 7);
        var untrained = LinkPredictionExperiment.Train(split, new GraphAutoencoderOptions(), seed: 7, epochs: 1);
        var trained = LinkPredictionExperiment.Train(split, new GraphAutoencoderOptions(), seed: 7, epochs: 200);
        Assert.True(trained.Test.RocAuc > 0.8, $"VGAE test AUC {trained.Test.RocAuc:F3}");
        Assert.True(trained.Test.RocAuc > untrained.Test.RocAuc + 0.1, $"trained {trained.Test.RocAuc:F3} vs untrained {untrained.Test.RocAuc:F3}");
        Assert.True(trained.Training.Last.Train.Elbo > untrained.Training.Last.Train.Elbo);
    }
}
