using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Sources;

/// <summary>
/// Images streamed from an uncompressed IDX file (LeCun's MNIST format) instead of held in memory: the file is memory-mapped
/// and each batch reads only its own rows, as bytes/255 in [0, 1], shaped [B, 1, rows, columns]. It shuffles with the same
/// permutation as <see cref="TensorBatches"/> for the same generator, so a run on the stream and a run on the loaded
/// tensor give the same numbers; memory holds one batch, not the data set. Dispose it to unmap the file.
/// </summary>
public sealed class IdxImageStream : IBatchSource<Tensor>, IDisposable
{
    private const int HeaderBytes = 16;
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;

    public IdxImageStream(string path)
    {
        if (!File.Exists(path)) throw new DatasetException($"{path}: the IDX image file does not exist.");
        var length = new FileInfo(path).Length;
        Span<byte> header = stackalloc byte[HeaderBytes];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
                throw new DatasetException($"{path}: truncated: shorter than the 16-byte header of an IDX image file.");
        }
        if (header[0] == 0x1f && header[1] == 0x8b)
            throw new DatasetException($"{path}: is gzip-compressed; a stream reads rows in place, so decompress it first (gunzip -k).");
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != 0x00000803)
            throw new DatasetException($"{path}: bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(header):X8}; an IDX image file starts with 0x00000803.");
        Count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        Rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        Columns = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (Count < 1 || Rows < 1 || Columns < 1 || length != HeaderBytes + Count * (long)Rows * Columns)
            throw new DatasetException(
                $"{path}: the header declares {Count}×{Rows}×{Columns} images ({HeaderBytes + Count * (long)Rows * Columns:N0} bytes with the header) but the file holds {length:N0} bytes.");
        Path = path;
        file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
    }

    public string Path { get; }

    public long Count { get; }

    public int Rows { get; }

    public int Columns { get; }

    public IEnumerable<Tensor> Epoch(long batchSize, Generator? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = BatchSource.Order(Count, batchSize, shuffle);
        return Read(order is null ? null : order.data<long>().ToArray(), Math.Min(batchSize, Count));
    }

    /// <summary>Pixels are bytes/255, in [0, 1] by construction; nothing to check.</summary>
    public void Validate(Action<Tensor, string> check, string what) { }

    private IEnumerable<Tensor> Read(long[]? order, long batchSize)
    {
        var rowBytes = Rows * Columns;
        for (long start = 0; start < Count; start += batchSize)
        {
            var size = (int)Math.Min(batchSize, Count - start);
            var bytes = new byte[size * rowBytes];
            for (var i = 0; i < size; i++)
            {
                var row = order?[start + i] ?? start + i;
                view.ReadArray(HeaderBytes + row * rowBytes, bytes, i * rowBytes, rowBytes);
            }
            yield return tensor(bytes, [size, 1, Rows, Columns]).to_type(ScalarType.Float32).div_(255f);
        }
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }
}
