using System.IO.Compression;
using System.Text;
using VaeLab.Data;

namespace VaeLab.Tests.Data;

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vaelab-data-" + Guid.NewGuid().ToString("N"));

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Small IDX and JSON files with known contents.</summary>
internal static class DataFixtures
{
    /// <summary>Image i has every pixel equal to (i * 37 + pixel) mod 256, so each image is distinct and known.</summary>
    public static byte[] Pixels(int count, int side = 28)
    {
        var data = new byte[count * side * side];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)((i / (side * side)) * 37 + i % (side * side));
        return data;
    }

    public static byte[] Labels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>Writes the four files of an MNIST-style set into <paramref name="directory"/> with LeCun's names.</summary>
    public static IdxFileSet WriteSet(string directory, int trainCount, int testCount, bool gzip)
    {
        Directory.CreateDirectory(directory);
        var files = TorchVisionLayout.InDirectory(directory, gzip);
        IdxFile.Write(files.TrainImages, [trainCount, 28, 28], Pixels(trainCount), gzip);
        IdxFile.Write(files.TrainLabels, [trainCount], Labels(trainCount), gzip);
        IdxFile.Write(files.TestImages, [testCount, 28, 28], Pixels(testCount), gzip);
        IdxFile.Write(files.TestLabels, [testCount], Labels(testCount), gzip);
        return files;
    }

    /// <summary>Writes raw bytes, optionally gzip-compressed (for hand-made broken files).</summary>
    public static void WriteRaw(string path, byte[] bytes, bool gzip = false)
    {
        using var file = System.IO.File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file;
        stream.Write(bytes);
    }

    /// <summary>Writes the ten npm-style digit files: class d gets counts[d] digits, pixel p of digit i = (d*29 + i*7 + p) mod 256.</summary>
    public static void WriteJsonDigits(string directory, IReadOnlyList<int> counts)
    {
        Directory.CreateDirectory(directory);
        for (var d = 0; d < 10; d++)
        {
            var values = new List<string>();
            for (var i = 0; i < counts[d]; i++)
                for (var p = 0; p < 784; p++)
                    values.Add(JsonValue(JsonPixel(d, i, p)));
            System.IO.File.WriteAllText(System.IO.Path.Combine(directory, $"{d}.json"), "{ \"data\": [" + string.Join(",", values) + "] }");
        }
    }

    public static byte JsonPixel(int digit, int index, int pixel) => (byte)((digit * 29 + index * 7 + pixel) % 256);

    /// <summary>round(k/255, 3) as the npm package writes it.</summary>
    public static string JsonValue(byte k) =>
        Math.Round(k / 255.0, 3, MidpointRounding.AwayFromZero).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public static string JsonDigitFile(IEnumerable<string> values) => "{\"data\":[" + string.Join(",", values) + "]}";

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
