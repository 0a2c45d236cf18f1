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
        // The same corpus and fit as notebook 02 §5 and its exercise 4 cell in quick mode (300 documents × 60 words,
        // 40 iterations; K = 12, Random(16)). Full mode (2000 × 100, 100 iterations) is checked by the full runs (notes).
        var (documents, words, iterations) = (300, 60, 40);
        var corpus = TopicCorpus.Bars(side: 5, documents, words, alpha: 0.5, new Random(5));
        var lda = new LdaVariationalBayes(corpus, new LdaSettings(Topics: 12, Alpha: 0.5, Eta: 0.1), new Random(16));
        for (var i = 0; i < iterations; i++) lda.Step();
        var matches = TopicMatching.Greedy(corpus.TrueTopics, lda.TopicMeans());

        Assert.StartsWith("not yet:", TooManyTopics(10, 10, null, null, null).ToString());   // the notebook's start
        Assert.StartsWith("not yet:", TooManyTopics(10, 12, matches, null, null).ToString());
        var mean = matches.Average(m => m.HellingerDistance);
        Assert.True(mean < FoundThreshold, $"the notebook's fit no longer finds the bars (mean Hellinger {mean:F3}): update the solution.");
        var flipped = TooManyTopics(10, 12, matches, false, TopicsReason.BarsAreSharedOut);
        Assert.False(flipped.Passed);
        Assert.DoesNotContain(mean.ToString("F3"), flipped.Message);
        Assert.False(TooManyTopics(10, 12, matches, true, TopicsReason.VbRecoversAnyK).Passed);
        var solved = TooManyTopics(10, 12, matches, true, TopicsReason.ExtraTopicsStayWeakOrSplitABar);
        Assert.True(solved.Passed, solved.ToString());
    }
}
