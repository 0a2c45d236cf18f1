using VaeLab.Numerics;

namespace VaeLab.Tests.Numerics;

public sealed class QuantilesTests
{
    [Fact]
    public void Quantiles_interpolate_between_order_statistics_like_numpys_linear_rule()
    {
        double[] sorted = [1, 2, 4, 8];
        Assert.Equal(1, Quantiles.OfSorted(sorted, 0));
        Assert.Equal(8, Quantiles.OfSorted(sorted, 1));
        Assert.Equal(3, Quantiles.OfSorted(sorted, 0.5), 12);      // position 1.5: halfway between 2 and 4
        Assert.Equal(1.75, Quantiles.OfSorted(sorted, 0.25), 12);  // position 0.75 between 1 and 2
        Assert.Equal(5, Quantiles.OfSorted([5], 0.3));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Quantiles.OfSorted([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.OfSorted([1.0, 2.0], 1.5));
    }
}
