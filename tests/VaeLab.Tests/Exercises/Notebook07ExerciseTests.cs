using VaeLab.Exercises;

namespace VaeLab.Tests.Exercises;

/// <summary>Each exercise check of notebook 07, with the notebook's starting value, wrong answers and the solution's.</summary>
public class Notebook07ExerciseTests
{
    // The solution of exercise 1 (solutions/07-vq-vae.md).
    private static double SolutionPerplexity(IReadOnlyList<long> counts) =>
        Math.Exp(-counts.Where(c => c > 0).Sum(c => c / (double)counts.Sum() * Math.Log(c / (double)counts.Sum())));

    [Fact]
    public void Perplexity_function_is_checked_on_counts_the_notebook_never_showed()
    {
        var untouched = Notebook07.Perplexity(counts => double.NaN);
        Assert.False(untouched.Passed);
        Assert.StartsWith("not yet", untouched.ToString());
        Assert.True(Notebook07.Perplexity(SolutionPerplexity).Passed);
        Assert.StartsWith("✓", Notebook07.Perplexity(SolutionPerplexity).ToString());
        // Wrong answers get a hint about the reasoning.
        Assert.Contains("used at least once", Notebook07.Perplexity(c => c.Count(x => x > 0)).Message);
        Assert.Contains("exp(H)", Notebook07.Perplexity(c => Math.Log(SolutionPerplexity(c))).Message);
        Assert.Contains("same base", Notebook07.Perplexity(c => Math.Exp(Math.Log(SolutionPerplexity(c)) / Math.Log(2))).Message);
        Assert.Contains("0 · log 0", Notebook07.Perplexity(c => Math.Exp(-c.Sum(x => x / (double)c.Sum() * Math.Log(x / (double)c.Sum())))).Message);
        Assert.False(Notebook07.Perplexity(c => c.Count).Passed);
        // Exercise 1's worked counts: 2^1.5.
        Assert.Equal(Math.Pow(2, 1.5), SolutionPerplexity(Notebook07.ExerciseCounts), 12);
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
    public void Encoder_gradient_function_is_checked_on_inputs_the_notebook_never_showed()
    {
        var untouched = Notebook07.EncoderGradient((g, residual, beta) => []);
        Assert.False(untouched.Passed);
        Assert.StartsWith("not yet", untouched.ToString());
        Assert.True(Notebook07.EncoderGradient((g, residual, beta) => [.. g.Select((x, d) => x + 2 * beta * residual[d])]).Passed);
        Assert.Contains("commitment", Notebook07.EncoderGradient((g, residual, beta) => g).Message);
        Assert.Contains("stops the gradient", Notebook07.EncoderGradient((g, residual, beta) => [.. g.Select((x, d) => x + 2 * beta * residual[d] + 2 * residual[d])]).Message);
        Assert.Contains("factor 2", Notebook07.EncoderGradient((g, residual, beta) => [.. g.Select((x, d) => x + beta * residual[d])]).Message);
        Assert.False(Notebook07.EncoderGradient((g, residual, beta) => [1.0]).Passed);
        // The worked numbers in the exercise's text: (0.6, −1, 1.8).
        var worked = Notebook07.DecoderGradient.Select((x, d) => x + 2 * 0.25 * Notebook07.QuantisationResidual[d]).ToArray();
        Assert.Equal(new[] { 0.6, -1.0, 1.8 }, worked.Select(v => Math.Round(v, 12)));
    }
}
