using VaeLab.Exercises;
using VaeLab.Inference.Classic;
using VaeLab.Numerics;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 02 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook02ExerciseTests
{
    [Fact]
    public void PosteriorByHand()
    {
        // The notebook's model: 5 points around 1.5, prior N(0, 4), noise variance 1.
        var random = new Random(1);
        var observations = Enumerable.Range(0, 5).Select(_ => 1.5 + SpecialFunctions.StandardNormal(random)).ToArray();
        var model = new ConjugateGaussianModel(priorMean: 0, priorVariance: 4, noiseVariance: 1, observations);
        Assert.StartsWith("not yet:", Notebook02.PosteriorByHand(model, new GaussianQ(Mean: 0.7, Variance: 0.3)).ToString());
        Assert.False(Notebook02.PosteriorByHand(model, new GaussianQ(1, -1)).Passed);
        var precision = 1 / 4.0 + observations.Length / 1.0;                                   // the solution
        var solved = Notebook02.PosteriorByHand(model, new GaussianQ(observations.Sum() / precision, 1 / precision));
        Assert.True(solved.Passed, solved.ToString());
    }

    [Fact]
    public void CaviRestart()
    {
        var random = new Random(2);
        var data = Enumerable.Range(0, 20).Select(_ => 1.0 + 0.5 * SpecialFunctions.StandardNormal(random)).ToArray();
        var cavi = new NormalGammaCavi(new NormalGammaModel(new NormalGamma(Mu: 0, Lambda: 0.1, A: 1, B: 1), data));
        var notebookStart = new MeanFieldNormalGamma(MuMean: -0.5, MuPrecision: 10, TauShape: 2, TauRate: 1);
        var reference = cavi.Run(notebookStart, 8)[^1].Elbo;
        Assert.StartsWith("not yet:", Notebook02.CaviRestart(cavi, notebookStart, reference, null).ToString());
        var farStart = new MeanFieldNormalGamma(MuMean: 3, MuPrecision: 1, TauShape: 50, TauRate: 1);
        Assert.StartsWith("not yet:", Notebook02.CaviRestart(cavi, farStart, reference, null).ToString());
        Assert.False(Notebook02.CaviRestart(cavi, farStart, reference, false).Passed);
        var solved = Notebook02.CaviRestart(cavi, farStart, reference, true);
        Assert.True(solved.Passed, solved.ToString());
    }

    [Fact]
    public void MeanFieldVariance()
    {
        Assert.StartsWith("not yet:", Notebook02.MeanFieldVariance(double.NaN).ToString());
        Assert.False(Notebook02.MeanFieldVariance(1).Passed);          // the true marginal variance
        Assert.True(Notebook02.MeanFieldVariance(1 - 0.99 * 0.99).Passed);
    }

    [Fact]
    public void TooManyTopics()
    {
        TopicMatch[] good = [.. Enumerable.Range(0, 10).Select(k => new TopicMatch(k, k, 0.05))];
        TopicMatch[] lost = [.. Enumerable.Range(0, 10).Select(k => new TopicMatch(k, k, 0.6))];
        Assert.StartsWith("not yet:", Notebook02.TooManyTopics(10, 10, null, null).ToString());   // the notebook's start
        Assert.StartsWith("not yet:", Notebook02.TooManyTopics(10, 12, good, null).ToString());
        Assert.False(Notebook02.TooManyTopics(10, 12, good, false).Passed);
        Assert.True(Notebook02.TooManyTopics(10, 12, good, true).Passed);
        Assert.True(Notebook02.TooManyTopics(10, 12, lost, false).Passed);
    }
}
