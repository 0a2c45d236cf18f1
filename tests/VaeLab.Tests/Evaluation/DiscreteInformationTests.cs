using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class DiscreteInformationTests
{
    [Fact]
    public void Entropy_matches_hand_computation()
    {
        Assert.Equal(Math.Log(2), DiscreteInformation.Entropy([0, 0, 1, 1]), 12);
        // p = (3/4, 1/4): −(¾ ln ¾ + ¼ ln ¼) = 0.562335…
        Assert.Equal(0.5623351446188083, DiscreteInformation.Entropy([0, 0, 0, 1]), 12);
        Assert.Equal(Math.Log(3), DiscreteInformation.Entropy([2, 0, 1]), 12);
        Assert.Equal(0.0, DiscreteInformation.Entropy([4, 4, 4]));
    }

    [Fact]
    public void Mutual_information_matches_hand_computation()
    {
        // Identical labels: I(A; A) = H(A).
        Assert.Equal(Math.Log(2), DiscreteInformation.MutualInformation([0, 0, 1, 1], [1, 1, 0, 0]), 12);
        // Balanced 2×2 table with every cell once: independent, I = 0.
        Assert.Equal(0.0, DiscreteInformation.MutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 12);
        // Joint counts (0,0)=2, (0,1)=1, (1,1)=1: I = ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2 = H(A) − H(A|B) = 0.562335 − ½ ln 2.
        var expected = 0.5 * Math.Log(4.0 / 3) + 0.25 * Math.Log(2.0 / 3) + 0.25 * Math.Log(2);
        Assert.Equal(expected, DiscreteInformation.MutualInformation([0, 0, 0, 1], [0, 0, 1, 1]), 12);
        Assert.Equal(0.5623351446188083 - 0.5 * Math.Log(2), expected, 12);
        // Symmetric in its arguments.
        Assert.Equal(expected, DiscreteInformation.MutualInformation([0, 0, 1, 1], [0, 0, 0, 1]), 12);
    }

    [Fact]
    public void Histogram_bins_are_equal_width_with_the_last_bin_closed()
    {
        // Range 0–10 in 5 bins of width 2: [0,2) [2,4) [4,6) [6,8) [8,10].
        double[] values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4], DiscreteInformation.HistogramBins(values, 5));
        Assert.Equal([0, 0, 0], DiscreteInformation.HistogramBins([2.5, 2.5, 2.5], 20));
        // Shifting and scaling the values does not move them between bins.
        Assert.Equal(DiscreteInformation.HistogramBins(values, 5), DiscreteInformation.HistogramBins(values.Select(v => 3 * v - 7).ToArray(), 5));
    }

    [Fact]
    public void Bad_labels_are_rejected()
    {
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => DiscreteInformation.Entropy([0, -1])).Message);
        Assert.Contains("pair up", Assert.Throws<ArgumentException>(() => DiscreteInformation.MutualInformation([0, 1], [0])).Message);
        Assert.Throws<ArgumentException>(() => DiscreteInformation.HistogramBins([0, double.NaN], 20));
    }
}
