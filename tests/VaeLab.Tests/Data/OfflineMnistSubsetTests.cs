using VaeLab.Data;

namespace VaeLab.Tests.Data;

public sealed class OfflineMnistSubsetTests
{
    private static readonly int[] NpmClassCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    [Fact]
    public void Split_is_stratified_disjoint_complete_and_deterministic()
    {
        var (train, test) = OfflineMnistSubset.Split(NpmClassCounts);
        Assert.Equal(10_000, train.Count + test.Count);
        Assert.Equal(10_000, train.Concat(test).Distinct().Count());
        for (var d = 0; d < 10; d++)
        {
            var testOfClass = test.Where(t => t.Digit == d).Select(t => t.Index).OrderBy(i => i).ToList();
            Assert.Equal(NpmClassCounts[d] / 6, testOfClass.Count);
            // The test digits are the last ones of each class.
            Assert.Equal(NpmClassCounts[d] - 1, testOfClass[^1]);
            Assert.Equal(NpmClassCounts[d] - testOfClass.Count, testOfClass[0]);
        }
        var again = OfflineMnistSubset.Split(NpmClassCounts);
        Assert.Equal(train, again.Train);
        Assert.Equal(test, again.Test);
        // Shuffled: the first 100 training digits cover every class.
        Assert.Equal(10, train.Take(100).Select(t => t.Digit).Distinct().Count());
    }

    [Fact]
    public void Load_returns_the_exact_bytes_under_the_right_labels()
    {
        using var dir = new TempDirectory();
        int[] counts = [7, 8, 6, 6, 7, 9, 6, 6, 12, 7];
        DataFixtures.WriteJsonDigits(dir.Path, counts);
        using var data = OfflineMnistSubset.Load(dir.Path);
        var (train, test) = OfflineMnistSubset.Split(counts);

        Assert.Equal([(long)train.Count, 1, 28, 28], data.TrainImages.shape);
        Assert.Equal([(long)test.Count, 1, 28, 28], data.TestImages.shape);
        Assert.Contains("offline subset", data.Name);
        Assert.Contains($"{train.Count} train / {test.Count} test", data.Name);
        for (var k = 0; k < train.Count; k += 5)
        {
            var (digit, index) = train[k];
            Assert.Equal(digit, data.TrainLabels[k].item<long>());
            var pixel = 300;
            var expected = DataFixtures.JsonPixel(digit, index, pixel) / 255f;
            Assert.Equal(expected, data.TrainImages[k, 0, pixel / 28, pixel % 28].item<float>(), 6);
        }
    }

    [Fact]
    public void Limits_take_a_prefix_of_the_shuffled_split()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteJsonDigits(dir.Path, Enumerable.Repeat(6, 10).ToArray());
        using var all = OfflineMnistSubset.Load(dir.Path);
        using var some = OfflineMnistSubset.Load(dir.Path, maxTrain: 9, maxTest: 4);
        Assert.Equal(9, some.TrainImages.shape[0]);
        Assert.Equal(4, some.TestLabels.shape[0]);
        Assert.True(all.TrainImages[..9].equal(some.TrainImages).all().item<bool>());
        Assert.True(all.TestLabels[..4].equal(some.TestLabels).all().item<bool>());
    }

    [Fact]
    public void Missing_class_file_says_what_to_run()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteJsonDigits(dir.Path, Enumerable.Repeat(6, 10).ToArray());
        File.Delete(dir.File("7.json"));
        var e = Assert.Throws<DatasetException>(() => OfflineMnistSubset.Load(dir.Path));
        Assert.Contains("7.json is missing", e.Message);
        Assert.Contains("bash scripts/setup-data", e.Message);
    }
}
