using VaeLab.Exercises;
using static TorchSharp.torch;

namespace VaeLab.Tests.Exercises;

/// <summary>Each exercise check of notebook 09, with the notebook's starting value, wrong answers and the solution's.</summary>
public class Notebook09ExerciseTests
{
    [Fact]
    public void Frechet_distance_in_one_dimension()
    {
        Assert.StartsWith("not yet", Notebook09.FrechetOneDimensional(null).ToString());
        var meansOnly = Notebook09.FrechetOneDimensional((m1, s1, m2, s2) => (m1 - m2) * (m1 - m2));
        Assert.False(meansOnly.Passed);
        Assert.Contains("spreads", meansOnly.Message);
        Assert.False(Notebook09.FrechetOneDimensional((m1, s1, m2, s2) => Math.Abs(m1 - m2) + (s1 - s2) * (s1 - s2)).Passed);
        Assert.False(Notebook09.FrechetOneDimensional((m1, s1, m2, s2) => (m1 - m2) * (m1 - m2) + s1 * s1 + s2 * s2).Passed);
        var solution = Notebook09.FrechetOneDimensional((m1, s1, m2, s2) => (m1 - m2) * (m1 - m2) + (s1 - s2) * (s1 - s2));
        Assert.True(solution.Passed, solution.Message);
        Assert.StartsWith("✓", solution.ToString());
    }

    [Fact]
    public void Alpha_bar_of_a_schedule()
    {
        Assert.StartsWith("not yet", Notebook09.AlphaBar(null).ToString());
        Assert.False(Notebook09.AlphaBar((betas, t) => 1 - betas.Take(t).Sum()).Passed);
        Assert.False(Notebook09.AlphaBar((betas, t) => betas.Skip(1).Take(t).Aggregate(1.0, (p, b) => p * (1 - b))).Passed);
        Assert.False(Notebook09.AlphaBar((betas, t) => betas[t]).Passed); // throws at t = T: a hint, no crash
        var solution = Notebook09.AlphaBar((betas, t) => betas.Take(t).Aggregate(1.0, (p, b) => p * (1 - b)));
        Assert.True(solution.Passed, solution.Message);
    }

    [Fact]
    public void Best_single_guess_under_squared_error()
    {
        Assert.StartsWith("not yet", Notebook09.BestGuess(null).ToString());
        var oneCandidate = Notebook09.BestGuess(candidates => candidates[0]);
        Assert.False(oneCandidate.Passed);
        Assert.Contains("one candidate", oneCandidate.Message);
        Assert.False(Notebook09.BestGuess(candidates => stack(candidates).sum([0])).Passed);
        var solution = Notebook09.BestGuess(candidates => stack(candidates).mean([0]));
        Assert.True(solution.Passed, solution.Message);
        Assert.Contains("Laplacian", solution.Message);
    }
}
