using VaeLab.Data;

namespace VaeLab.Tests.Data;

public sealed class MnistJsonDigitsTests
{
    [Fact]
    public void Every_grey_level_round_trips_through_the_npm_rounding()
    {
        using var dir = new TempDirectory();
        var path = dir.File("0.json");
        var levels = Enumerable.Range(0, 784).Select(p => (byte)(p % 256)).ToArray();
        File.WriteAllText(path, DataFixtures.JsonDigitFile(levels.Select(DataFixtures.JsonValue)));
        Assert.Equal(levels, MnistJsonDigits.ReadDigitFile(path));
    }

    [Fact]
    public void Other_number_spellings_of_the_same_grey_levels_are_accepted()
    {
        using var dir = new TempDirectory();
        var path = dir.File("0.json");
        var values = Enumerable.Repeat("0", 784).ToArray();
        values[0] = "1.0";     // 255
        values[1] = "0.0627";  // 16/255 to four decimals
        values[2] = "1e0";     // 255
        values[3] = "6.3e-2";  // 16/255 to two significant digits
        File.WriteAllText(path, DataFixtures.JsonDigitFile(values));
        Assert.Equal(new byte[] { 255, 16, 255, 16, 0 }, MnistJsonDigits.ReadDigitFile(path)[..5]);
    }

    [Fact]
    public void Corrupt_value_in_one_class_file_surfaces_as_a_dataset_exception_from_the_subset_loader()
    {
        using var dir = new TempDirectory();
        DataFixtures.WriteJsonDigits(dir.Path, Enumerable.Repeat(6, 10).ToArray());
        File.WriteAllText(dir.File("4.json"), DataFixtures.JsonDigitFile(Enumerable.Repeat("2", 784)));
        var e = Assert.Throws<DatasetException>(() => OfflineMnistSubset.Load(dir.Path));
        Assert.Contains("4.json", e.Message);
        Assert.Contains("outside [0, 1]", e.Message);
    }

    [Fact]
    public void Length_not_a_multiple_of_784_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("1.json");
        File.WriteAllText(path, DataFixtures.JsonDigitFile(Enumerable.Repeat("0", 785)));
        var e = Assert.Throws<DatasetException>(() => MnistJsonDigits.ReadDigitFile(path));
        Assert.Contains("785 values, not a positive multiple of 784", e.Message);
    }

    [Fact]
    public void Empty_data_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("1.json");
        File.WriteAllText(path, "{\"data\":[]}");
        Assert.Contains("0 values", Assert.Throws<DatasetException>(() => MnistJsonDigits.ReadDigitFile(path)).Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void Value_out_of_range_is_reported_with_its_position(string bad)
    {
        using var dir = new TempDirectory();
        var path = dir.File("2.json");
        var values = Enumerable.Repeat("0", 784 * 2).ToArray();
        values[784 + 5] = bad;
        File.WriteAllText(path, DataFixtures.JsonDigitFile(values));
        var e = Assert.Throws<DatasetException>(() => MnistJsonDigits.ReadDigitFile(path));
        Assert.Contains("digit 1, pixel 5", e.Message);
        Assert.Contains("outside [0, 1]", e.Message);
    }

    [Fact]
    public void Value_that_is_not_a_rounded_grey_level_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("3.json");
        var values = Enumerable.Repeat("0", 784).ToArray();
        values[10] = "0.5"; // 127.5 grey levels: no k/255 rounds to it
        File.WriteAllText(path, DataFixtures.JsonDigitFile(values));
        Assert.Contains("not a grey level", Assert.Throws<DatasetException>(() => MnistJsonDigits.ReadDigitFile(path)).Message);
    }

    [Theory]
    [InlineData("[1,2,3]", "expected a JSON object")]
    [InlineData("{\"pixels\":[0]}", "no \"data\" array")]
    [InlineData("{\"data\":5}", "must be an array")]
    [InlineData("{\"data\":[0,\"x\"]}", "not a number")]
    [InlineData("{\"data\":[0,0", "malformed JSON")]
    public void Malformed_files_are_reported(string json, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.File("4.json");
        File.WriteAllText(path, json);
        Assert.Contains(expected, Assert.Throws<DatasetException>(() => MnistJsonDigits.ReadDigitFile(path)).Message);
    }
}
