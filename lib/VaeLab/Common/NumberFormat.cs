using System.Globalization;
using static TorchSharp.torch;

namespace VaeLab.Common;

/// <summary>
/// The short number formats the notebooks print with (invariant culture): significant digits, ratios, vectors.
/// In a notebook: <c>using static VaeLab.Common.NumberFormat;</c>.
/// </summary>
public static class NumberFormat
{
    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits, e.g. F(0.012345) = "0.0123".</summary>
    public static string F(double value, int digits = 3) => value.ToString($"G{digits}", CultureInfo.InvariantCulture);

    /// <summary>A ratio: three significant digits below 1,000, whole numbers with thousands separators above.</summary>
    public static string Times(double ratio) => ratio >= 1000 ? ratio.ToString("N0", CultureInfo.InvariantCulture) : F(ratio, 3);

    /// <summary>"[a, b, c]" with each value to <paramref name="digits"/> significant digits.</summary>
    public static string Vec(IEnumerable<double> values, int digits = 4) => "[" + string.Join(", ", values.Select(x => F(x, digits))) + "]";

    /// <summary>A tensor's values as doubles, flattened in storage order.</summary>
    public static double[] Values(Tensor t)
    {
        using var asDouble = t.detach().to_type(ScalarType.Float64).contiguous();
        return asDouble.data<double>().ToArray();
    }
}
