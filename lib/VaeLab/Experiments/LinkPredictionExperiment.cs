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

/// <summary>The three link predictors of one graph and split: VGAE, plain GAE and the spectral baseline.</summary>
public sealed record LinkPredictionComparison(int Seed, CommunityGraph Graph, LinkPredictionSplit Split,
    GraphAutoencoderRun Variational, GraphAutoencoderRun Plain, LinkPredictionSummary Spectral);

/// <summary>
/// Kipf &amp; Welling 2016's link-prediction protocol on a generated community graph: sample a graph, hold out 5 % / 10 %
/// of its edges (with as many non-edges), train the VGAE and the plain GAE full-batch through the <see cref="Trainer"/>
/// (Adam, learning rate 0.01, 200 epochs, identity node features) and score held-out pairs; the spectral embedding of
/// the training graph is the baseline.
/// </summary>
public static class LinkPredictionExperiment
{
    /// <summary>Runs the comparison for one seed (graph, split, initial weights and sampling noise all follow it).</summary>
    public static LinkPredictionComparison Run(StochasticBlockModelOptions graphOptions, int seed, int epochs = 200,
        GraphAutoencoderOptions? modelOptions = null, double learningRate = 0.01, ITrainingProgress? progress = null)
    {
        var graph = StochasticBlockModel.Sample(graphOptions, seed);
        var split = EdgeSplit.Split(graph.Adjacency, seed);
        var options = modelOptions ?? new GraphAutoencoderOptions();
        var variational = Train(split, options with { Variational = true }, seed, epochs, learningRate, progress, "VGAE");
        var plain = Train(split, options with { Variational = false }, seed, epochs, learningRate, progress, "GAE");
        using var spectralEmbedding = LinkPrediction.SpectralEmbedding(split.TrainingAdjacency, options.LatentSize);
        var spectral = LinkPrediction.Evaluate(spectralEmbedding, split.TestEdges, split.TestNonEdges);
        return new LinkPredictionComparison(seed, graph, split, variational, plain, spectral);
    }

    /// <summary>Trains one graph autoencoder on the split's training graph and scores its encoder means.</summary>
    public static GraphAutoencoderRun Train(LinkPredictionSplit split, GraphAutoencoderOptions options, int seed, int epochs = 200,
        double learningRate = 0.01, ITrainingProgress? progress = null, string title = "graph autoencoder")
    {
        var n = split.TrainingAdjacency.shape[0];
        using var generator = new Generator((ulong)seed);
        var model = new GraphAutoencoder(split.TrainingAdjacency, (int)n, options, generator);
        using var features = eye(n);
        var config = new TrainingConfig(Seed: seed, Epochs: epochs, BatchSize: (int)n, LearningRate: learningRate);
        var training = new Trainer(model, Objective.Elbo(), config) { Title = title, Progress = progress ?? TrainingProgress.None }.Fit(features);
        model.eval();
        using var embedding = model.Embed(features);
        return new GraphAutoencoderRun(model, training,
            LinkPrediction.Evaluate(embedding, split.TestEdges, split.TestNonEdges),
            LinkPrediction.Evaluate(embedding, split.ValidationEdges, split.ValidationNonEdges));
    }
}
