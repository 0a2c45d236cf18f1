using static TorchSharp.torch;
using VaeLab.Models;

namespace VaeLab.Training.Catalogue;

/// <summary>The kinds of data the catalogue's models train on.</summary>
public enum DataKind
{
    /// <summary>Images [N, C, H, W] with values in [0, 1] (MNIST, Fashion-MNIST, the sprites).</summary>
    Images,

    /// <summary>Token sequences int64 [N, T] (the topic-Markov sequences).</summary>
    Sequences,

    /// <summary>One graph, trained full-batch on its node features (a stochastic block model).</summary>
    Graph,
}

/// <summary>What a model must know about its data to be built: an image shape, a vocabulary, a graph.</summary>
public abstract record ModelData
{
    public abstract DataKind Kind { get; }
}

/// <summary>Images of one shape.</summary>
public sealed record ImageData(ImageShape Shape) : ModelData
{
    public override DataKind Kind => DataKind.Images;
}

/// <summary>Token sequences over a vocabulary of tokens 0 … V−1.</summary>
public sealed record SequenceData(int VocabularySize) : ModelData
{
    public override DataKind Kind => DataKind.Sequences;
}

/// <summary>One graph: the adjacency [n, n] the model may see (held-out edges removed); the node features are the identity.</summary>
public sealed record GraphData(Tensor TrainingAdjacency) : ModelData
{
    public override DataKind Kind => DataKind.Graph;

    public int NodeCount => (int)TrainingAdjacency.shape[0];
}
