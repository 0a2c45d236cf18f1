using System.Buffers.Binary;
using System.IO.Compression;

namespace VaeLab.Data;

/// <summary>The contents of one IDX file of unsigned bytes: its dimension sizes and its data, row-major.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];
}

/// <summary>
/// Reads the IDX format of LeCun's MNIST files (plain or gzip-compressed; gzip is recognised by its magic
/// bytes, not the file name). Every way a file can be wrong is reported as a <see cref="DatasetException"/>
/// naming the file: a bad magic number, an unexpected number or size of dimensions, fewer bytes than the header
/// promises, bytes beyond it, or a corrupt gzip stream. The data are read in one bulk read.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an image file: magic 0x00000803, dimensions [count, rows, columns].</summary>
    /// <param name="expectedRows">If given, the rows the file must have (28 for MNIST).</param>
    /// <param name="expectedColumns">If given, the columns the file must have.</param>
    public static IdxArray ReadImages(string path, int? expectedRows = null, int? expectedColumns = null)
    {
        var array = Read(path, expectedDimensionCount: 3, "images");
        var (rows, columns) = (array.Dimensions[1], array.Dimensions[2]);
        if ((expectedRows is { } r && rows != r) || (expectedColumns is { } c && columns != c))
            throw new DatasetException(
                $"{path}: images are {rows}×{columns}, expected {expectedRows}×{expectedColumns}. " +
                "The file belongs to a different data set; replace it with the right one (bash scripts/setup-data checks checksums).");
        return array;
    }

    /// <summary>Reads a label file: magic 0x00000801, dimensions [count]. Labels must lie in [0, classCount).</summary>
    public static IdxArray ReadLabels(string path, int classCount = 10)
    {
        var array = Read(path, expectedDimensionCount: 1, "labels");
        var data = array.Data;
        for (var i = 0; i < data.Length; i++)
            if (data[i] >= classCount)
                throw new DatasetException(
                    $"{path}: label {data[i]} at index {i} is outside 0–{classCount - 1}. The file is corrupt or not a label file of this data set.");
        return array;
    }

    /// <summary>Reads any unsigned-byte IDX file with the given number of dimensions.</summary>
    public static IdxArray Read(string path, int expectedDimensionCount, string what = "data")
    {
        if (!File.Exists(path))
            throw new DatasetException($"{path}: the IDX {what} file does not exist.");
        try
        {
            using var file = File.OpenRead(path);
            using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return ReadFrom(stream, path, expectedDimensionCount, what);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException(
                $"{path}: corrupt gzip stream ({e.Message}). Delete the file and fetch it again (bash scripts/setup-data).", e);
        }
        catch (IOException e)
        {
            throw new DatasetException($"{path}: could not be read ({e.Message}).", e);
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        var read = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static IdxArray ReadFrom(Stream stream, string path, int expectedDimensionCount, string what)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
            throw new DatasetException($"{path}: truncated: shorter than the 4-byte IDX magic number.");
        if (magic[0] != 0 || magic[1] != 0 || magic[2] != UnsignedByteType || magic[3] != expectedDimensionCount)
            throw new DatasetException(
                $"{path}: bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}; an IDX {what} file of unsigned bytes " +
                $"with {expectedDimensionCount} dimension(s) starts with 0x{0x800 + expectedDimensionCount:X8}. " +
                "The file is not an IDX file, or it is the wrong one (images and labels swapped?).");

        var dimensions = new int[expectedDimensionCount];
        Span<byte> word = stackalloc byte[4];
        long total = 1;
        for (var d = 0; d < expectedDimensionCount; d++)
        {
            if (stream.ReadAtLeast(word, 4, throwOnEndOfStream: false) < 4)
                throw new DatasetException($"{path}: truncated inside the header (dimension {d} of {expectedDimensionCount} missing).");
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[d] < 0 || (d > 0 && dimensions[d] == 0))
                throw new DatasetException($"{path}: dimension {d} has impossible size {dimensions[d]}.");
            total *= dimensions[d];
        }
        if (total > Array.MaxLength)
            throw new DatasetException($"{path}: the header declares {total:N0} bytes, more than one array can hold; the header is corrupt.");

        var data = GC.AllocateUninitializedArray<byte>((int)total);
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            throw new DatasetException(
                $"{path}: truncated: the header promises {total:N0} bytes of {what} ({string.Join("×", dimensions)}) but the file holds only {read:N0}. " +
                "An interrupted copy or download leaves such files: delete it and fetch it again.");
        if (stream.ReadByte() != -1)
            throw new DatasetException(
                $"{path}: holds more bytes than its header declares ({string.Join("×", dimensions)}); the header or the file is corrupt.");
        return new IdxArray(dimensions, data);
    }

    /// <summary>Writes an unsigned-byte IDX file (gzip-compressed if <paramref name="gzip"/>); used by tests and tools.</summary>
    public static void Write(string path, int[] dimensions, byte[] data, bool gzip = false)
    {
        long total = 1;
        foreach (var d in dimensions) total *= d;
        if (total != data.Length)
            throw new ArgumentException($"Dimensions {string.Join("×", dimensions)} need {total} bytes; got {data.Length}.", nameof(data));
        using var file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file;
        Span<byte> word = stackalloc byte[4];
        word[0] = 0; word[1] = 0; word[2] = UnsignedByteType; word[3] = (byte)dimensions.Length;
        stream.Write(word);
        foreach (var d in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            stream.Write(word);
        }
        stream.Write(data);
    }
}
