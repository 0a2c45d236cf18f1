using VaeLab.Data;
using VaeLab.Data.Graphs;
using VaeLab.Data.Sequences;
using VaeLab.Evaluation.Graph;
using VaeLab.Models;
using VaeLab.Training.Catalogue;
using static TorchSharp.torch;

namespace VaeLab.Cli;

/// <summary>
/// The data of a run, by kind: image sets from disk or generated sprites, generated topic-Markov sequences, or one
/// generated community graph split for link prediction. Each gives the model its <see cref="ModelData"/>, training and
/// test inputs, and what it can tell about a trained model beyond the ELBO.
/// </summary>
internal abstract class RunData : IDisposable
{
    /// <summary>Data set names on the command line, with the kind of data each holds.</summary>
    public static IReadOnlyDictionary<string, DataKind> DataSets { get; } = new Dictionary<string, DataKind>
    {
        ["mnist"] = DataKind.Images,
        ["fashion-mnist"] = DataKind.Images,
        ["sprites"] = DataKind.Images,
        ["topic-markov"] = DataKind.Sequences,
        ["sbm"] = DataKind.Graph,
    };

    /// <summary>The data set a model trains on when --dataset is not given.</summary>
    public static string DefaultFor(DataKind kind) => kind switch
    {
        DataKind.Sequences => "topic-markov",
        DataKind.Graph => "sbm",
        _ => "mnist",
    };

    public abstract string Name { get; }

    /// <summary>"8,337 train / 1,663 test images, from …".</summary>
    public abstract string Summary { get; }

    public abstract ModelData ModelData { get; }

    public abstract Tensor Train { get; }

    public abstract Tensor Test { get; }

    /// <summary>Examples per step when the whole set is one batch (a graph: all its nodes).</summary>
    public long TrainCount => Train.shape[0];

    /// <summary>What the data can say about a trained model beyond its ELBO (the exact likelihood, link prediction), one line each.</summary>
    public virtual IEnumerable<string> Report(TrainableModel model) => [];

    public abstract void Dispose();

    /// <summary>Loads (or generates) <paramref name="dataset"/>; the limits apply to sets of examples, not to a graph.</summary>
    public static RunData Load(string dataset, SpriteGrid? sprites, int? maxTrain, int? maxTest, int seed)
    {
        if (!DataSets.TryGetValue(dataset, out var kind))
            throw new CliException($"Unknown data set '{dataset}'; use one of: {string.Join(", ", DataSets.Keys)}.");
        return kind switch
        {
            DataKind.Sequences => SequenceRunData.Generate(maxTrain, maxTest, seed),
            DataKind.Graph => maxTrain is null && maxTest is null ? GraphRunData.Generate(seed)
                : throw new CliException("--max-train and --max-test count examples; a graph is one example, trained on all its nodes."),
            _ => new ImageRunData(dataset switch
            {
                "sprites" => SpriteImages.Load(sprites ?? new SpriteGrid(), maxTrain, maxTest),
                "fashion-mnist" => Datasets.Load(DatasetName.FashionMnist, maxTrain, maxTest),
                _ => Datasets.Load(DatasetName.Mnist, maxTrain, maxTest),
            }),
        };
    }
}

/// <summary>An image set: MNIST-style from disk, or the sprites.</summary>
internal sealed class ImageRunData(ImageDataset data) : RunData
{
    public ImageDataset Images => data;
    public override string Name => data.Name;
    public override string Summary => $"{data.TrainImages.shape[0]:N0} train / {data.TestImages.shape[0]:N0} test images, from {data.Source}";
    public override ModelData ModelData => new ImageData(new ImageShape((int)data.TrainImages.shape[1], (int)data.TrainImages.shape[2], (int)data.TrainImages.shape[3]));
    public override Tensor Train => data.TrainImages;
    public override Tensor Test => data.TestImages;
    public override void Dispose() => data.Dispose();
}

/// <summary>
/// Topic-Markov token sequences (notebook 06's data): 20 symbols, 30 tokens, 8 topics, drawn from the run's seed; the true
/// chains are kept, so the exact −log p(x) of the test set is known.
/// </summary>
internal sealed class SequenceRunData(TopicMarkovDataset train, TopicMarkovDataset test) : RunData
{
    public static SequenceRunData Generate(int? maxTrain, int? maxTest, int seed)
    {
        var train = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: maxTrain ?? 6000, Seed: seed));
        var test = TopicMarkovSequences.Sample(train.Chains, maxTest ?? 1000, train.Length, new Random(seed + 1), "test sequences");
        return new SequenceRunData(train, test);
    }

    public override string Name => "topic-Markov sequences";
    public override string Summary => $"{train}; {test.Count:N0} test sequences, generated from seed";
    public override ModelData ModelData => new SequenceData(train.VocabularySize);
    public override Tensor Train => train.Tokens;
    public override Tensor Test => test.Tokens;

    public override IEnumerable<string> Report(TrainableModel model)
    {
        yield return $"Exact test −log p(x) from the true chains: {-test.LogLikelihoods().Average():F2} nats per sequence (no model can do better on average).";
    }

    public override void Dispose()
    {
        train.Dispose();
        test.Dispose();
    }
}

/// <summary>
/// One community graph (a stochastic block model, 4 × 50 nodes) with 10 % of its edges held out for testing and 5 % for
/// validation, as in Kipf &amp; Welling 2016; the model sees the training graph and identity node features.
/// </summary>
internal sealed class GraphRunData : RunData
{
    private readonly CommunityGraph graph;
    private readonly LinkPredictionSplit split;
    private readonly Tensor features;

    private GraphRunData(CommunityGraph graph, LinkPredictionSplit split)
    {
        this.graph = graph;
        this.split = split;
        features = eye(graph.NodeCount);
    }

    public static GraphRunData Generate(int seed)
    {
        var graph = StochasticBlockModel.Sample(StochasticBlockModelOptions.Default, seed);
        return new GraphRunData(graph, EdgeSplit.Split(graph.Adjacency, seed));
    }

    public override string Name => "stochastic block model";
    public override string Summary =>
        $"{graph.NodeCount} nodes, {graph.EdgeCount} edges; the model sees {split.TrainingEdges.Count}, {split.TestEdges.Count} held out for testing";
    public override ModelData ModelData => new GraphData(split.TrainingAdjacency);
    public override Tensor Train => features;
    public override Tensor Test => features;

    public override IEnumerable<string> Report(TrainableModel model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var posterior = model.Latent.Posterior(features);
        var test = LinkPrediction.Evaluate(posterior.mean, split.TestEdges, split.TestNonEdges);
        yield return $"Link prediction on the {split.TestEdges.Count} held-out edges (and as many non-edges), from the posterior means: ROC-AUC {test.RocAuc:F3}, average precision {test.AveragePrecision:F3}";
    }

    public override void Dispose()
    {
        features.Dispose();
        graph.Adjacency.Dispose();
    }
}
