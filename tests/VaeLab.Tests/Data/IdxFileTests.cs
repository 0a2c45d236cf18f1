using VaeLab.Data;

namespace VaeLab.Tests.Data;

public sealed class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trips_images_and_labels_plain_and_gzip(bool gzip)
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.Path, 5, 3, gzip);
        var images = IdxFile.ReadImages(files.TrainImages, 28, 28);
        var labels = IdxFile.ReadLabels(files.TrainLabels);
        Assert.Equal([5, 28, 28], images.Dimensions);
        Assert.Equal(DataFixtures.Pixels(5), images.Data);
        Assert.Equal(DataFixtures.Labels(5), labels.Data);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nope-idx3-ubyte");
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Bad_magic_number_is_reported_with_both_values()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad");
        DataFixtures.WriteRaw(path, [0x12, 0x34, 0x08, 0x03, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path));
        Assert.Contains("bad magic number 0x12340803", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Fact]
    public void Labels_file_read_as_images_is_a_magic_number_error()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.Path, 2, 2, gzip: true);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(files.TrainLabels));
        Assert.Contains("bad magic number 0x00000801", e.Message);
    }

    [Fact]
    public void Non_byte_element_type_is_a_magic_number_error()
    {
        using var dir = new TempDirectory();
        var path = dir.File("floats");
        DataFixtures.WriteRaw(path, [0, 0, 0x0D, 0x01, 0, 0, 0, 0]);
        Assert.Contains("bad magic number 0x00000D01", Assert.Throws<DatasetException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void Wrong_image_size_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("small-images");
        IdxFile.Write(path, [2, 16, 16], new byte[2 * 16 * 16]);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path, 28, 28));
        Assert.Contains("16×16, expected 28×28", e.Message);
    }

    [Fact]
    public void Negative_dimension_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("negative");
        DataFixtures.WriteRaw(path, [0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Contains("impossible size -1", Assert.Throws<DatasetException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void Header_declaring_more_than_an_array_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge");
        DataFixtures.WriteRaw(path, [0, 0, 8, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28, 0, 0, 0, 28]);
        Assert.Contains("header is corrupt", Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_data_reports_promised_and_actual_bytes(bool gzip)
    {
        using var dir = new TempDirectory();
        var path = dir.File("truncated");
        var whole = new MemoryStream();
        var header = new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28 };
        whole.Write(header);
        whole.Write(new byte[2 * 784 + 100]);
        DataFixtures.WriteRaw(path, whole.ToArray(), gzip);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path, 28, 28));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("2,352", e.Message);
        Assert.Contains("1,668", e.Message);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("short-header");
        DataFixtures.WriteRaw(path, [0, 0, 8, 3, 0, 0, 0, 3, 0, 0]);
        Assert.Contains("truncated inside the header", Assert.Throws<DatasetException>(() => IdxFile.ReadImages(path)).Message);
    }

    [Fact]
    public void Empty_file_is_truncated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty");
        DataFixtures.WriteRaw(path, []);
        Assert.Contains("truncated", Assert.Throws<DatasetException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void Trailing_bytes_are_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("long");
        DataFixtures.WriteRaw(path, [0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3]);
        Assert.Contains("more bytes than its header declares", Assert.Throws<DatasetException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void Corrupt_gzip_is_reported()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.Path, 20, 2, gzip: true);
        var bytes = File.ReadAllBytes(files.TrainImages);
        // Keep the gzip magic, scramble the deflate stream.
        for (var i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(files.TrainImages, bytes);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(files.TrainImages));
        Assert.True(e.Message.Contains("corrupt gzip") || e.Message.Contains("truncated") || e.Message.Contains("magic"), e.Message);
    }

    [Fact]
    public void Gzip_cut_short_is_reported()
    {
        using var dir = new TempDirectory();
        var files = DataFixtures.WriteSet(dir.Path, 20, 2, gzip: true);
        var bytes = File.ReadAllBytes(files.TrainImages);
        File.WriteAllBytes(files.TrainImages, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadImages(files.TrainImages));
        Assert.True(e.Message.Contains("corrupt gzip") || e.Message.Contains("truncated"), e.Message);
    }

    [Fact]
    public void Label_outside_0_to_9_is_reported_with_its_index()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels");
        IdxFile.Write(path, [4], [1, 2, 10, 3]);
        var e = Assert.Throws<DatasetException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("label 10 at index 2", e.Message);
    }
}
