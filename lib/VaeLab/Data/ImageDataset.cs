using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// A labelled image set split into train and test: images float32 [N, 1, H, W] in [0, 1], labels int64 [N].
/// <see cref="Name"/> says which data and which source (e.g. the offline MNIST subset and how it was split);
/// <see cref="Source"/> is where the bytes were read from. Owns its four tensors.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public ImageDataset(string name, string source, Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels,
        IReadOnlyList<string> classNames)
    {
        CheckPair(trainImages, trainLabels, "train");
        CheckPair(testImages, testLabels, "test");
        if (!trainImages.shape.Skip(1).SequenceEqual(testImages.shape.Skip(1)))
            throw new ArgumentException(
                $"Train images [{string.Join(", ", trainImages.shape)}] and test images [{string.Join(", ", testImages.shape)}] differ in image shape.");
        Name = name;
        Source = source;
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
        ClassNames = classNames;
    }

    /// <summary>Human name including the source, e.g. "Fashion-MNIST (Debian package dataset-fashion-mnist)".</summary>
    public string Name { get; }

    /// <summary>Where the data were read from (a folder).</summary>
    public string Source { get; }

    /// <summary>float32 [N, 1, 28, 28], values in [0, 1].</summary>
    public Tensor TrainImages { get; }

    /// <summary>int64 [N], class indices into <see cref="ClassNames"/>.</summary>
    public Tensor TrainLabels { get; }

    /// <summary>float32 [M, 1, 28, 28], values in [0, 1].</summary>
    public Tensor TestImages { get; }

    /// <summary>int64 [M].</summary>
    public Tensor TestLabels { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public override string ToString() =>
        $"{Name}: train {TrainImages.shape[0]:N0}, test {TestImages.shape[0]:N0} images of {TrainImages.shape[2]}×{TrainImages.shape[3]}; source {Source}";

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }

    private static void CheckPair(Tensor images, Tensor labels, string split)
    {
        if (images.dim() != 4 || images.shape[1] != 1)
            throw new ArgumentException($"{split} images must be [N, 1, H, W]; got [{string.Join(", ", images.shape)}].");
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException($"{split} images must be float32; got {images.dtype}.");
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"{split} labels must be int64 [N]; got {labels.dtype} [{string.Join(", ", labels.shape)}].");
        if (labels.shape[0] != images.shape[0])
            throw new ArgumentException($"{split}: {images.shape[0]} images but {labels.shape[0]} labels.");
    }
}
