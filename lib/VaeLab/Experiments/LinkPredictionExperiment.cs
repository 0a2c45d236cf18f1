using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Graph;
using VaeLab.Models.Graph;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>One trained graph autoencoder and its test link-prediction scores.</summary>
public sealed record GraphAutoencoderRun(GraphAutoencoder Model, TrainingResult Training, LinkPredictionSummary Test, LinkPredictionSummary Validation);

/// <summary>Node features for the experiment: <see cref="CommunityFeatures"/> with this many dimensions and this noise scale.</summary>
public sealed record NodeFeatureOptions(int Dimensions = 50, double Noise = 3.0);

/// <summary>The names of the link predictors a <see cref="LinkPredictionComparison"/> reports.</summary>
public static class LinkPredictors
{
    public const string Vgae = "VGAE";
    public const string Gae = "GAE";
    public const string VgaeWithFeatures = "VGAE with node features";
    public const string Spectral = "spectral embedding (d = 16, regularised)";
    public const string SpectralUnregularized = "spectral embedding of Â (d = 16)";
    public const string CommonNeighbours = "common neighbours";
    public const string AdamicAdar = "Adamic–Adar";
    public const string PreferentialAttachment = "preferential attachment";
    public const string SameCommunity = "oracle: same community";
    public const string TrueProbability = "oracle: true edge probabilities";
}

/// <summary>
/// All link predictors of one graph and split. <see cref="Tests"/> holds every method's held-out scores by name
/// (<see cref="LinkPredictors"/>), in a fixed order: the learned models, the two spectral embeddings (regularised, and of
/// Â itself), the three neighbourhood heuristics, then the two oracles that know how the graph was generated (its
/// communities; its edge probabilities). <see cref="TrainingComponents"/> describes the training graph's connected
/// components, which decide whether the spectral embedding of Â can work (see <see cref="LinkPrediction.SpectralEmbedding"/>).
/// </summary>
public sealed record LinkPredictionComparison(int Seed, CommunityGraph Graph, LinkPredictionSplit Split,
    GraphAutoencoderRun Variational, GraphAutoencoderRun Plain, GraphAutoencoderRun? VariationalWithFeatures, Tensor? Features,
    IReadOnlyDictionary<string, LinkPredictionSummary> Tests, GraphComponents TrainingComponents)
{
    public LinkPredictionSummary Spectral => Tests[LinkPredictors.Spectral];
}

/// <summary>
/// Kipf &amp; Welling 2016's link-prediction protocol on a generated community graph: sample a graph, hold out 5 % / 10 %
/// of its edges (with as many non-edges), train the VGAE and the plain GAE full-batch through the <see cref="Trainer"/>
/// (Adam, learning rate 0.01, 200 epochs, identity node features; with <see cref="NodeFeatureOptions"/> also a VGAE on
/// features that carry community information) and score held-out pairs. Baselines: the spectral embeddings of the
/// training graph (regularised, and of Â itself) and the neighbourhood heuristics of <see cref="LinkHeuristics"/>. Controls: two oracles, the
/// same-community indicator and the true edge probabilities p_ij, the best ranking any method can achieve in expectation.
/// </summary>
public static class LinkPredictionExperiment
{
    /// <summary>Runs the comparison for one seed (graph, split, features, initial weights and sampling noise all follow it).</summary>
    public static LinkPredictionComparison Run(StochasticBlockModelOptions graphOptions, int seed, int epochs = 200,
        GraphAutoencoderOptions? modelOptions = null, double learningRate = 0.01, ITrainingProgress? progress = null,
        NodeFeatureOptions? features = null)
    {
        var graph = StochasticBlockModel.Sample(graphOptions, seed);
        var split = EdgeSplit.Split(graph.Adjacency, seed);
        var options = modelOptions ?? new GraphAutoencoderOptions();
        var tests = new Dictionary<string, LinkPredictionSummary>();
        var variational = Train(split, options with { Variational = true }, seed, epochs, learningRate, progress, LinkPredictors.Vgae);
        var plain = Train(split, options with { Variational = false }, seed, epochs, learningRate, progress, LinkPredictors.Gae);
        tests[LinkPredictors.Vgae] = variational.Test;
        tests[LinkPredictors.Gae] = plain.Test;
        Tensor? nodeFeatures = null;
        GraphAutoencoderRun? withFeatures = null;
        if (features is not null)
        {
            nodeFeatures = CommunityFeatures.Sample(graph.Communities, features.Dimensions, features.Noise, seed);
            withFeatures = Train(split, options with { Variational = true }, seed, epochs, learningRate, progress, LinkPredictors.VgaeWithFeatures, nodeFeatures);
            tests[LinkPredictors.VgaeWithFeatures] = withFeatures.Test;
        }
        LinkPredictionSummary Score(Tensor pairScores) { using (pairScores) return LinkPrediction.EvaluateScores(pairScores, split.TestEdges, split.TestNonEdges); }
        using (var spectral = LinkPrediction.RegularizedSpectralEmbedding(split.TrainingAdjacency, options.LatentSize))
            tests[LinkPredictors.Spectral] = LinkPrediction.Evaluate(spectral, split.TestEdges, split.TestNonEdges);
        using (var spectral = LinkPrediction.SpectralEmbedding(split.TrainingAdjacency, options.LatentSize))
            tests[LinkPredictors.SpectralUnregularized] = LinkPrediction.Evaluate(spectral, split.TestEdges, split.TestNonEdges);
        tests[LinkPredictors.CommonNeighbours] = Score(LinkHeuristics.CommonNeighbours(split.TrainingAdjacency));
        tests[LinkPredictors.AdamicAdar] = Score(LinkHeuristics.AdamicAdar(split.TrainingAdjacency));
        tests[LinkPredictors.PreferentialAttachment] = Score(LinkHeuristics.PreferentialAttachment(split.TrainingAdjacency));
        var community = tensor(graph.Communities.Select(c => (long)c).ToArray());
        tests[LinkPredictors.SameCommunity] = Score(community.unsqueeze(1).eq(community.unsqueeze(0)).to_type(ScalarType.Float64));
        tests[LinkPredictors.TrueProbability] = LinkPrediction.EvaluateScores(graph.EdgeProbabilities, split.TestEdges, split.TestNonEdges);
        return new LinkPredictionComparison(seed, graph, split, variational, plain, withFeatures, nodeFeatures, tests,
            GraphStatistics.Components(split.TrainingAdjacency));
    }

    /// <summary>Trains one graph autoencoder on the split's training graph and scores its encoder means. Node features
    /// default to the identity (a featureless graph).</summary>
    public static GraphAutoencoderRun Train(LinkPredictionSplit split, GraphAutoencoderOptions options, int seed, int epochs = 200,
        double learningRate = 0.01, ITrainingProgress? progress = null, string title = "graph autoencoder", Tensor? features = null)
    {
        var n = split.TrainingAdjacency.shape[0];
        using var generator = new Generator((ulong)seed);
        using var identity = features is null ? eye(n) : null;
        var x = features ?? identity!;
        var model = new GraphAutoencoder(split.TrainingAdjacency, (int)x.shape[1], options, generator);
        var config = new TrainingConfig(Seed: seed, Epochs: epochs, BatchSize: (int)n, LearningRate: learningRate);
        var training = new Trainer(model, Objective.Elbo(), config) { Title = title, Progress = progress ?? TrainingProgress.None }.Fit(x);
        model.eval();
        using var embedding = model.Embed(x);
        return new GraphAutoencoderRun(model, training,
            LinkPrediction.Evaluate(embedding, split.TestEdges, split.TestNonEdges),
            LinkPrediction.Evaluate(embedding, split.ValidationEdges, split.ValidationNonEdges));
    }
}
