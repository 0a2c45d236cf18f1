using System.IO.Compression;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Compression;

/// <summary>A real lossless compressor whose output length stands in for an image's complexity.</summary>
public enum LosslessCompressor
{
    /// <summary>An 8-bit greyscale PNG written by SkiaSharp (libpng: per-row prediction filters, then Deflate at
    /// level 9). Includes PNG's fixed overhead (signature, header and end chunks, about 57 bytes).</summary>
    Png,

    /// <summary>The raw row-major pixel bytes in a zlib stream at <see cref="CompressionLevel.SmallestSize"/> (Deflate
    /// with the 2-byte zlib header and 4-byte Adler-32 checksum), like Python's <c>zlib.compress(pixels, 9)</c>.</summary>
    Zlib,
}

/// <summary>
/// The length in bits of an 8-bit grey image under a lossless compressor: the complexity estimate L(x) of Serrà et
/// al. 2020 ("Input complexity and out-of-distribution detection with likelihood-based generative models"),
/// whose score S(x) = −log₂ p_M(x) − L(x) removes the part of a likelihood that only reflects how simple an image
/// is. Any lossless code length is an upper bound on −log₂ of some universal model's probability, so both terms are
/// in the same unit (bits). Float pixels in [0, 1] are first quantised to 0..255 (round(255·x)), the grid
/// <see cref="Distributions.DiscretizedLogistic"/> scores.
/// </summary>
public static class CompressedLength
{
    /// <summary>L(x) in bits of one image given as row-major bytes, <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static long Bits(byte[] pixels, int width, int height, LosslessCompressor compressor) =>
        8L * Compress(pixels, width, height, compressor).Length;

    /// <summary>L(x) in bits of one image given as row-major intensities in [0, 1].</summary>
    public static long Bits(float[] pixels, int width, int height, LosslessCompressor compressor) =>
        Bits(Quantise(pixels), width, height, compressor);

    /// <summary>
    /// L(x) in bits for every image of a batch shaped [N, 1, H, W] (or [N, H, W]), intensities in [0, 1] as floats or
    /// 0..255 as bytes. Returns a Float64 tensor [N], ready to subtract from −log₂ p(x).
    /// </summary>
    public static Tensor Bits(Tensor images, LosslessCompressor compressor)
    {
        var (count, height, width) = BatchShape(images);
        var bytes = ToBytes(images);
        var perImage = height * width;
        var bits = new double[count];
        var image = new byte[perImage];
        for (var n = 0; n < count; n++)
        {
            Array.Copy(bytes, n * perImage, image, 0, perImage);
            bits[n] = Bits(image, width, height, compressor);
        }
        return tensor(bits, dtype: ScalarType.Float64);
    }

    /// <summary>The compressed file itself (a complete PNG file or zlib stream), for inspection or round trips.</summary>
    public static byte[] Compress(byte[] pixels, int width, int height, LosslessCompressor compressor)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width < 1 || height < 1 || pixels.Length != (long)width * height)
            throw new ArgumentException(
                $"An image of {width} × {height} pixels needs exactly {(long)width * height} bytes (one per pixel, row-major); got {pixels.Length}.");
        return compressor switch
        {
            LosslessCompressor.Png => EncodePng(pixels, width, height),
            LosslessCompressor.Zlib => EncodeZlib(pixels),
            _ => throw new ArgumentException($"Unknown compressor {compressor}."),
        };
    }

    /// <summary>
    /// The bits of L(x) that do not depend on the image: for a zlib stream its 2-byte header and 4-byte Adler-32
    /// checksum; for a PNG file everything outside the Deflate data — the 8-byte signature, the framing (length, type,
    /// CRC) of every chunk, the IHDR and IEND chunks, and the zlib header and checksum inside IDAT. Measured by parsing
    /// the file the encoder writes for a blank image of the given size. A score such as S(x) = −log₂ p(x) − L(x) is
    /// shifted by this constant, so its sign says nothing; only its ranking across images does.
    /// </summary>
    public static long FixedOverheadBits(LosslessCompressor compressor, int width = 28, int height = 28)
    {
        const int zlibFraming = 2 + 4;
        var file = Compress(new byte[(long)width * height], width, height, compressor);
        if (compressor == LosslessCompressor.Zlib) return 8L * zlibFraming;
        long deflateBytes = 0;
        for (var offset = 8; offset + 12 <= file.Length;)
        {
            var length = (file[offset] << 24) | (file[offset + 1] << 16) | (file[offset + 2] << 8) | file[offset + 3];
            var type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            if (type == "IDAT") deflateBytes += length;
            offset += 12 + length;
        }
        return 8L * (file.Length - deflateBytes + zlibFraming);
    }

    /// <summary>Maps intensities in [0, 1] to bytes round(255·x); throws on NaN or values outside [0, 1].</summary>
    public static byte[] Quantise(float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var bytes = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var x = pixels[i];
            if (!(x >= 0f && x <= 1f))
                throw new ArgumentException(
                    $"Pixel {i} is {x}; intensities must lie in [0, 1] (undo any Normalize(mean, std) before measuring compressed length).");
            bytes[i] = (byte)MathF.Round(255f * x);
        }
        return bytes;
    }

    private static byte[] EncodePng(byte[] pixels, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var pixmap = bitmap.PeekPixels();
        // All filters + zlib level 9: libpng's best effort, so L(x) is as tight as this compressor gets.
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 9))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the image as PNG.");
        return data.ToArray();
    }

    private static byte[] EncodeZlib(byte[] pixels)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(pixels, 0, pixels.Length);
        return output.ToArray();
    }

    private static (int Count, int Height, int Width) BatchShape(Tensor images)
    {
        var shape = images.shape;
        var ok = (shape.Length == 4 && shape[1] == 1) || shape.Length == 3;
        if (!ok || shape[^1] < 1 || shape[^2] < 1)
            throw new ArgumentException(
                $"Expected grey images shaped [N, 1, H, W] or [N, H, W]; got [{string.Join(", ", shape)}]. Convert colour images to one channel first.");
        return ((int)shape[0], (int)shape[^2], (int)shape[^1]);
    }

    private static byte[] ToBytes(Tensor images)
    {
        using var scope = NewDisposeScope();
        var flat = images.detach().cpu().reshape(-1);
        if (flat.dtype == ScalarType.Byte) return flat.data<byte>().ToArray();
        if (!flat.is_floating_point())
            throw new ArgumentException($"Images must be floats in [0, 1] or bytes 0..255; got dtype {flat.dtype}.");
        return Quantise(flat.to_type(ScalarType.Float32).data<float>().ToArray());
    }
}
