namespace VaeLab.Data;

/// <summary>The four IDX files of one MNIST-style data set.</summary>
public sealed record IdxFileSet(string TrainImages, string TrainLabels, string TestImages, string TestLabels)
{
    public IEnumerable<string> All => [TrainImages, TrainLabels, TestImages, TestLabels];
}

/// <summary>
/// Where TorchVision 0.107.0 keeps MNIST-style data under a root folder: it downloads
/// <c>root/&lt;name&gt;/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz</c> and decompresses them into
/// <c>root/&lt;name&gt;/test_data/</c> without the <c>.gz</c>; <c>&lt;name&gt;</c> is <c>mnist</c> or <c>fashion-mnist</c>.
/// The plain files are preferred (no decompression); the <c>.gz</c> files are used if only they are there.
/// </summary>
public static class TorchVisionLayout
{
    public static string FolderName(DatasetName name) => name switch
    {
        DatasetName.Mnist => "mnist",
        DatasetName.FashionMnist => "fashion-mnist",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown data set."),
    };

    /// <summary>The four file names in LeCun's naming, with or without <c>.gz</c>, in <paramref name="directory"/>.</summary>
    public static IdxFileSet InDirectory(string directory, bool gzip) => new(
        Path.Combine(directory, "train-images-idx3-ubyte" + (gzip ? ".gz" : "")),
        Path.Combine(directory, "train-labels-idx1-ubyte" + (gzip ? ".gz" : "")),
        Path.Combine(directory, "t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")),
        Path.Combine(directory, "t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")));

    /// <summary>
    /// The complete file set under <paramref name="root"/> for <paramref name="name"/>, or null if none of its files
    /// is there. Some but not all files (an interrupted download) is a <see cref="DatasetException"/>, not a silent
    /// fall-back to another source.
    /// </summary>
    public static IdxFileSet? Find(string root, DatasetName name)
    {
        var folder = Path.Combine(root, FolderName(name));
        var plain = InDirectory(Path.Combine(folder, "test_data"), gzip: false);
        var packed = InDirectory(folder, gzip: true);
        if (plain.All.All(File.Exists)) return plain;
        if (packed.All.All(File.Exists)) return packed;
        var present = plain.All.Concat(packed.All).Where(File.Exists).ToList();
        if (present.Count == 0) return null;
        var missing = packed.All.Where(p => !File.Exists(p) && !File.Exists(Path.Combine(folder, "test_data", Path.GetFileNameWithoutExtension(p))));
        throw new DatasetException(
            $"{folder} holds only part of {name} ({string.Join(", ", present.Select(Path.GetFileName))}); missing: " +
            $"{string.Join(", ", missing.Select(Path.GetFileName))}. An interrupted download leaves this: delete {folder} " +
            $"and load again with download enabled ({Datasets.DownloadVariable}=1 or download: true), or remove the folder to use the offline source.");
    }
}
