using System.IO.Compression;
using SkiaSharp;
using TorchSharp;
using VaeLab.Data.Compression;
using static TorchSharp.torch;

namespace VaeLab.Tests.Data;

public class CompressedLengthTests
{
    private const int Side = 28;

    private static byte[] Constant(byte value) => Enumerable.Repeat(value, Side * Side).ToArray();

    private static byte[] Noise(int seed)
    {
        var bytes = new byte[Side * Side];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(LosslessCompressor.Png)]
    [InlineData(LosslessCompressor.Zlib)]
    public void ConstantImageIsFarShorterThanNoise(LosslessCompressor compressor)
    {
        var constant = CompressedLength.Bits(Constant(0), Side, Side, compressor);
        var noise = CompressedLength.Bits(Noise(1), Side, Side, compressor);
        // Uniform noise cannot be compressed below its 784 · 8 = 6272 bits; a constant image needs a few hundred at most.
        Assert.True(noise >= Side * Side * 8, $"noise took {noise} bits");
        Assert.True(constant * 5 < noise, $"constant {constant} bits vs noise {noise} bits");
    }

    [Theory]
    [InlineData(LosslessCompressor.Png)]
    [InlineData(LosslessCompressor.Zlib)]
    public void LengthIsDeterministic(LosslessCompressor compressor)
    {
        var image = Noise(2);
        Assert.Equal(CompressedLength.Compress(image, Side, Side, compressor), CompressedLength.Compress(image, Side, Side, compressor));
    }

    [Fact]
    public void ZlibRoundTripGivesTheSameBytes()
    {
        var image = Stripes();
        var compressed = CompressedLength.Compress(image, Side, Side, LosslessCompressor.Zlib);
        using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        Assert.Equal(image, output.ToArray());
        Assert.Equal(8L * compressed.Length, CompressedLength.Bits(image, Side, Side, LosslessCompressor.Zlib));
    }

    [Fact]
    public void PngRoundTripDecodesToTheSameGreyBytes()
    {
        var image = Stripes();
        var png = CompressedLength.Compress(image, Side, Side, LosslessCompressor.Png);
        using var codec = SKCodec.Create(new MemoryStream(png));
        Assert.Equal(Side, codec.Info.Width);
        Assert.Equal(SKColorType.Gray8, codec.Info.ColorType); // written as a 1-channel PNG, not RGBA
        var decoded = new byte[Side * Side];
        var result = codec.GetPixels(new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque), decoded);
        Assert.Equal(SKCodecResult.Success, result);
        Assert.Equal(image, decoded);
    }

    [Fact]
    public void FloatPixelsMapToTheNearestByte()
    {
        Assert.Equal(new byte[] { 0, 255, 128, 1, 254 }, CompressedLength.Quantise([0f, 1f, 0.5f, 1f / 255, 254f / 255]));
        var floats = Stripes().Select(b => b / 255f).ToArray();
        Assert.Equal(CompressedLength.Bits(Stripes(), Side, Side, LosslessCompressor.Png),
            CompressedLength.Bits(floats, Side, Side, LosslessCompressor.Png));
    }

    [Fact]
    public void BatchMatchesOneImageAtATime()
    {
        var images = new[] { Constant(7), Noise(3), Stripes() };
        var batch = tensor(images.SelectMany(b => b).Select(b => b / 255f).ToArray(), [3, 1, Side, Side]);
        foreach (var compressor in new[] { LosslessCompressor.Png, LosslessCompressor.Zlib })
        {
            var bits = CompressedLength.Bits(batch, compressor);
            Assert.Equal(ScalarType.Float64, bits.dtype);
            Assert.Equal(images.Select(b => (double)CompressedLength.Bits(b, Side, Side, compressor)), bits.data<double>().ToArray());
        }
    }

    [Fact]
    public void OutOfRangePixelsAndWrongSizesThrow()
    {
        var error = Assert.Throws<ArgumentException>(() => CompressedLength.Quantise([0.5f, -0.2f]));
        Assert.Contains("Pixel 1", error.Message);
        Assert.Throws<ArgumentException>(() => CompressedLength.Quantise([float.NaN]));
        Assert.Throws<ArgumentException>(() => CompressedLength.Bits(new byte[10], 3, 3, LosslessCompressor.Png));
        Assert.Throws<ArgumentException>(() => CompressedLength.Bits(zeros(2, 3, 4, 4), LosslessCompressor.Zlib));
    }

    [Fact]
    public void FixedOverheadIsTheContainerAroundTheDeflateData()
    {
        Assert.Equal(48, CompressedLength.FixedOverheadBits(LosslessCompressor.Zlib));
        var png = CompressedLength.FixedOverheadBits(LosslessCompressor.Png);
        // Signature 8 + IHDR 25 + IDAT framing 12 + IEND 12 bytes, and zlib's 6 inside IDAT: at least 63 bytes.
        Assert.True(png >= 8 * 63, $"PNG overhead {png} bits");
        Assert.Equal(0, png % 8);
        Assert.True(png < CompressedLength.Bits(Constant(0), Side, Side, LosslessCompressor.Png));
        // IHDR has a fixed size, so the overhead does not depend on the image's size.
        Assert.Equal(png, CompressedLength.FixedOverheadBits(LosslessCompressor.Png, 32, 16));
    }

    private static byte[] Stripes()
    {
        var bytes = new byte[Side * Side];
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++) bytes[y * Side + x] = (byte)((x / 4 % 2) * 200 + y);
        return bytes;
    }
}
