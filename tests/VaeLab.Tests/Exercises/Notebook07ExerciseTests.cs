using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each exercise check of notebook 07, with the notebook's starting value and with the solution's.</summary>
public class Notebook07ExerciseTests
{
    [Fact]
    public void Perplexity_by_hand()
    {
        Assert.False(Notebook07.Perplexity(double.NaN).Passed);
        Assert.StartsWith("not yet", Notebook07.Perplexity(double.NaN).ToString());
        Assert.False(Notebook07.Perplexity(3).Passed);
        Assert.True(Notebook07.Perplexity(Math.Pow(2, 1.5)).Passed);
        Assert.StartsWith("✓", Notebook07.Perplexity(2.828).ToString());
    }

    [Fact]
    public void Fsq_levels_for_about_a_thousand_codes()
    {
        Assert.False(Notebook07.FsqLevels([]).Passed);
        Assert.False(Notebook07.FsqLevels([8, 6, 5]).Passed);
        Assert.False(Notebook07.FsqLevels([1, 32, 32, 1]).Passed);
        Assert.False(Notebook07.FsqLevels([2, 2, 2, 2]).Passed);
        // The counter-example the question warns against has 1,024 codes but is rejected, with a hint and no answer.
        var unbalanced = Notebook07.FsqLevels([2, 2, 2, 128]);
        Assert.False(unbalanced.Passed);
        Assert.StartsWith("not yet", unbalanced.ToString());
        Assert.Contains("unbalanced", unbalanced.Message);
        Assert.DoesNotContain("8, 5, 5, 5", unbalanced.Message);
        Assert.False(Notebook07.FsqLevels([4, 4, 4, 16]).Passed);
        Assert.False(Notebook07.FsqLevels([2, 2, 16, 16]).Passed);
        Assert.True(Notebook07.FsqLevels([5, 5, 5, 8]).Passed);
        Assert.True(Notebook07.FsqLevels([8, 5, 5, 5]).Passed);
        Assert.True(Notebook07.FsqLevels([4, 4, 8, 8]).Passed);
    }

    [Fact]
    public void Encoder_gradient_from_straight_through_and_commitment()
    {
        Assert.False(Notebook07.EncoderGradient([]).Passed);
        Assert.False(Notebook07.EncoderGradient([0.5, -1, 2]).Passed);
        Assert.Contains("commitment", Notebook07.EncoderGradient([0.5, -1, 2]).Message);
        Assert.False(Notebook07.EncoderGradient([1.0, -1, 1.0]).Passed);
        Assert.True(Notebook07.EncoderGradient([0.6, -1.0, 1.8]).Passed);
    }
}
