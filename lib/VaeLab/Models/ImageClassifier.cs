using VaeLab.Data;
using VaeLab.Data.Sources;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of the small image classifier (28 × 28 grey images).</summary>
public sealed record ImageClassifierOptions(int Classes = 10, int Channels1 = 16, int Channels2 = 32, int FeatureSize = 64)
{
    public void Validate()
    {
        if (Classes < 2 || Channels1 < 1 || Channels2 < 1 || FeatureSize < 1)
            throw new ArgumentException($"Need at least 2 classes and positive sizes; got classes {Classes}, channels {Channels1}/{Channels2}, features {FeatureSize}.");
    }
}

/// <summary>
/// A small convolutional classifier of 28 × 28 grey images (two stride-2 3 × 3 convolutions, 16 and 32 channels, a
/// hidden layer of <see cref="ImageClassifierOptions.FeatureSize"/> units, then the class logits). Notebook 09 reads its
/// hidden layer as image features for a Fréchet distance, as the FID reads an Inception network's (Heusel et al. 2017).
/// Trained by the <c>Trainer</c> on (image, label) pairs: it reports the per-example cross-entropy as a plain loss.
/// </summary>
public sealed class ImageClassifier : Module<Paired, ModelOutput>
{
    private readonly TorchSharp.Modules.Conv2d conv1;
    private readonly TorchSharp.Modules.Conv2d conv2;
    private readonly TorchSharp.Modules.Linear features;
    private readonly TorchSharp.Modules.Linear logits;

    public ImageClassifier(ImageClassifierOptions? options = null) : base(nameof(ImageClassifier))
    {
        Options = options ?? new ImageClassifierOptions();
        Options.Validate();
        conv1 = Conv2d(1, Options.Channels1, 3, stride: 2, padding: 1);
        conv2 = Conv2d(Options.Channels1, Options.Channels2, 3, stride: 2, padding: 1);
        features = Linear(Options.Channels2 * 7 * 7, Options.FeatureSize);
        logits = Linear(Options.FeatureSize, Options.Classes);
        RegisterComponents();
    }

    /// <summary>−log p(label | image) per example.</summary>
    public static Term CrossEntropy { get; } = new("cross_entropy");

    public ImageClassifierOptions Options { get; }

    public override ModelOutput forward(Paired batch)
    {
        var scores = Logits(batch.Input);
        var loss = -functional.log_softmax(scores, -1).gather(-1, batch.Condition.to_type(ScalarType.Int64).unsqueeze(-1)).squeeze(-1);
        return new ModelOutput(new Dictionary<Term, Tensor> { [CrossEntropy] = loss });
    }

    /// <summary>The hidden layer's activations [N, FeatureSize] (after its ReLU): the features the Fréchet distance compares.</summary>
    public Tensor Features(Tensor images)
    {
        var square = SquareImages.Of(images, nameof(ImageClassifier));
        if (square.shape[2] != 28) throw new ArgumentException($"ImageClassifier takes 28 × 28 images; got {square.shape[2]} × {square.shape[3]}.");
        var h = functional.relu(conv1.call(square));
        h = functional.relu(conv2.call(h));
        return functional.relu(features.call(h.flatten(1)));
    }

    /// <summary>Class scores [N, Classes].</summary>
    public Tensor Logits(Tensor images) => logits.call(Features(images));
}
