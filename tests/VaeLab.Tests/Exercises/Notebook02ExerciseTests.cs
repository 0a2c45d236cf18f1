using VaeLab.Exercises;
using VaeLab.Inference.Classic;
using VaeLab.Numerics;
using static VaeLab.Exercises.Notebook02;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 02 run both ways: the notebook's starting values ("not yet"), the solution's ("✓").</summary>
public class Notebook02ExerciseTests
{
    [Fact]
    public void Posterior_by_hand_is_checked_on_models_the_notebook_never_showed()
    {
        Assert.StartsWith("not yet:", PosteriorByHand((xs, m0, s0, noise) => new GaussianQ(Mean: 0.7, Variance: 0.3)).ToString());
        // Copying §1's printed posterior, or §1's model, does not pass: the check uses other data.
        var random = new Random(1);
        var observations = Enumerable.Range(0, 5).Select(_ => 1.5 + SpecialFunctions.StandardNormal(random)).ToArray();
        var section1 = new ConjugateGaussianModel(0, 4, 1, observations).Posterior();
        Assert.False(PosteriorByHand((xs, m0, s0, noise) => section1).Passed);
        Assert.False(PosteriorByHand((xs, m0, s0, noise) => new GaussianQ(1, -1)).Passed);
        // Half right: the variance hint, the mean hint.
        var rightVariance = PosteriorByHand((xs, m0, s0, noise) => new GaussianQ(xs.Average(), 1 / (1 / s0 + xs.Length / noise)));
        Assert.Contains("variances are right", rightVariance.Message);
        Assert.DoesNotContain("1.4258", rightVariance.Message);
        var solved = PosteriorByHand((xs, m0, s0, noise) =>
        {
            var precision = 1 / s0 + xs.Length / noise;
            return new GaussianQ((m0 / s0 + xs.Sum() / noise) / precision, 1 / precision);
        });
        Assert.True(solved.Passed, solved.ToString());
    }

    private static NormalGammaCavi NotebookCavi()
    {
        var random = new Random(2);
        var data = Enumerable.Range(0, 20).Select(_ => 1.0 + 0.5 * SpecialFunctions.StandardNormal(random)).ToArray();
        return new NormalGammaCavi(new NormalGammaModel(new NormalGamma(Mu: 0, Lambda: 0.1, A: 1, B: 1), data));
    }

    [Fact]
    public void Cavi_restart_against_the_real_run()
    {
        var cavi = NotebookCavi();
        var notebookStart = new MeanFieldNormalGamma(MuMean: -0.5, MuPrecision: 10, TauShape: 2, TauRate: 1);
        var reference = cavi.Run(notebookStart, 8)[^1].Elbo;
        Assert.StartsWith("not yet:", CaviRestart(cavi, notebookStart, reference, null, null).ToString());
        var farStart = new MeanFieldNormalGamma(MuMean: 3, MuPrecision: 1, TauShape: 50, TauRate: 1);
        Assert.StartsWith("not yet:", CaviRestart(cavi, farStart, reference, null, null).ToString());
        Assert.False(CaviRestart(cavi, farStart, reference, false, CaviReason.TheStartDecides).Passed);
        var rightGuessWrongReason = CaviRestart(cavi, farStart, reference, true, CaviReason.CaviFindsTheGlobalOptimum);
        Assert.False(rightGuessWrongReason.Passed);
        Assert.Contains("local", rightGuessWrongReason.Message);
        Assert.DoesNotContain(reference.ToString("F6"), rightGuessWrongReason.Message);
        var solved = CaviRestart(cavi, farStart, reference, true, CaviReason.MeanUpdateForgetsTheStart);
        Assert.True(solved.Passed, solved.ToString());
    }

    [Fact]
    public void Mean_field_variance()
    {
        Assert.StartsWith("not yet:", MeanFieldVariance(double.NaN).ToString());
        Assert.Contains("moment matching", MeanFieldVariance(1).Message);          // the true marginal variance
        Assert.True(MeanFieldVariance(1 - 0.99 * 0.99).Passed);
    }

    [Fact]
    public void Too_many_topics_against_the_notebooks_own_quick_fit()
    {
        // The same corpus and fits as notebook 02 §5 and its exercise 4 cell in quick mode (300 documents × 60 words,
        // 40 iterations; K = 12 from each of TopicFitSeeds). Full mode (2000 × 100, 100 iterations): notes of the full runs.
        var (documents, words, iterations) = (300, 60, 40);
        var corpus = TopicCorpus.Bars(side: 5, documents, words, alpha: 0.5, new Random(5));
        List<IReadOnlyList<TopicMatch>> Fits(int topics) => TopicFitSeeds.Select(seed =>
        {
            var lda = new LdaVariationalBayes(corpus, new LdaSettings(Topics: topics, Alpha: 0.5, Eta: 0.1), new Random(seed));
            for (var i = 0; i < iterations; i++) lda.Step();
            return (IReadOnlyList<TopicMatch>)TopicMatching.Greedy(corpus.TrueTopics, lda.TopicMeans());
        }).ToList();
        var fits = Fits(12);

        Assert.StartsWith("not yet:", TooManyTopics(10, 10, null, null, null).ToString());   // the notebook's start
        Assert.StartsWith("not yet:", TooManyTopics(10, 12, fits, null, null).ToString());
        Assert.StartsWith("not yet:", TooManyTopics(10, 12, fits.Take(1).ToList(), true, TopicsReason.ExtraTopicsStayWeakOrSplitABar).ToString());   // one start does not decide
        var means = fits.Select(f => f.Average(m => m.HellingerDistance)).ToList();
        Assert.True(means.All(m => m < FoundBelow), $"the notebook's fits no longer find the bars at K = 12 (means {string.Join(", ", means)}): update the solution.");
        var flipped = TooManyTopics(10, 12, fits, false, TopicsReason.BarsAreSharedOut);
        Assert.False(flipped.Passed);
        foreach (var m in means) Assert.DoesNotContain(m.ToString("F3"), flipped.Message);
        Assert.False(TooManyTopics(10, 12, fits, true, TopicsReason.VbRecoversAnyK).Passed);
        var solved = TooManyTopics(10, 12, fits, true, TopicsReason.ExtraTopicsStayWeakOrSplitABar);
        Assert.True(solved.Passed, solved.ToString());

        // A K whose fits straddle the band is not graded either way; a settled K is graded the same whichever answer.
        var wide = Fits(20);
        var wideMeans = wide.Select(f => f.Average(m => m.HellingerDistance)).ToList();
        var answers = new[] { (true, TopicsReason.ExtraTopicsStayWeakOrSplitABar), (false, TopicsReason.BarsAreSharedOut) }
            .Select(a => TooManyTopics(10, 20, wide, a.Item1, a.Item2)).ToList();
        if (wideMeans.All(m => m > LostAbove)) { Assert.True(answers[1].Passed); Assert.False(answers[0].Passed); }
        else if (wideMeans.All(m => m < FoundBelow)) { Assert.True(answers[0].Passed); Assert.False(answers[1].Passed); }
        else Assert.All(answers, a => Assert.Contains("on the border", a.Message));
    }
}
