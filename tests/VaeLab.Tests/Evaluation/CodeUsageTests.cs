using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class CodeUsageTests
{
    [Fact]
    public void Uniform_use_of_all_codes_has_perplexity_K()
    {
        var usage = CodeUsage.FromIndices(arange(16, dtype: ScalarType.Int64).repeat(3).reshape(2, 4, 6), 16);
        Assert.Equal(Enumerable.Repeat(3L, 16), usage.Counts);
        Assert.Equal(1.0, usage.Usage);
        Assert.Equal(16.0, usage.Perplexity, 10);
    }

    [Fact]
    public void One_code_has_perplexity_one()
    {
        var usage = CodeUsage.FromIndices(full(10, 7L, dtype: ScalarType.Int64), 512);
        Assert.Equal(1, usage.UsedCodes);
        Assert.Equal(1.0 / 512, usage.Usage);
        Assert.Equal(1.0, usage.Perplexity, 12);
        Assert.Equal(10, usage.Counts[7]);
    }

    [Fact]
    public void Skewed_use_matches_the_entropy_by_hand_and_batches_add_up()
    {
        // Frequencies (1/2, 1/4, 1/4, 0): entropy = ½ log 2 + ½ log 4 = 1.5 log 2, perplexity 2^1.5.
        var first = CodeUsage.FromIndices(tensor(new long[] { 0, 0, 1 }), 4);
        var second = CodeUsage.FromIndices(tensor(new int[] { 2, 0, 1, 2, 0 }), 4);
        var both = first.Plus(second);
        Assert.Equal(new long[] { 4, 2, 2, 0 }, both.Counts);
        Assert.Equal(0.75, both.Usage);
        Assert.Equal(Math.Pow(2, 1.5), both.Perplexity, 10);
        Assert.Equal(both.Counts, CodeUsage.FromCounts([4, 2, 2, 0]).Counts);
    }

    [Fact]
    public void Out_of_range_indices_and_empty_counts_are_errors()
    {
        Assert.Throws<ArgumentException>(() => CodeUsage.FromIndices(tensor(new long[] { 0, 4 }), 4));
        Assert.Throws<ArgumentException>(() => CodeUsage.FromIndices(tensor(new float[] { 0 }), 4));
        Assert.Throws<InvalidOperationException>(() => CodeUsage.FromCounts([0, 0]).Perplexity);
    }
}
