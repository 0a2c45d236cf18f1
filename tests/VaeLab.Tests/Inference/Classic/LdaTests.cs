using VaeLab.Numerics;
using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class LdaTests
{
    [Fact]
    public void VariationalBayesRecoversTheBarsAndItsElboRises()
    {
        var corpus = TopicCorpus.Bars(side: 4, documents: 300, wordsPerDocument: 60, alpha: 0.5, new Random(11));
        var lda = new LdaVariationalBayes(corpus, new LdaSettings(Topics: 8), new Random(12));
        var elbos = Enumerable.Range(0, 60).Select(_ => lda.Step()).ToArray();
        for (var i = 1; i < elbos.Length; i++) Assert.True(elbos[i] >= elbos[i - 1] - 1e-6, $"ELBO fell at iteration {i}: {elbos[i - 1]} → {elbos[i]}");
        var matches = TopicMatching.Greedy(corpus.TrueTopics, lda.TopicMeans());
        var learned = matches.Average(m => m.HellingerDistance);
        Assert.True(learned < 0.2, $"mean Hellinger distance {learned}");
        // The same matching against random topics: far worse, so the threshold above is informative.
        var random = new Random(13);
        var noise = Enumerable.Range(0, 8).Select(_ => SpecialFunctions.Dirichlet(random, Enumerable.Repeat(1.0, 16).ToArray())).ToArray();
        Assert.True(TopicMatching.Greedy(corpus.TrueTopics, noise).Average(m => m.HellingerDistance) > 0.5);
    }

    [Fact]
    public void BarsTopicsAreRowsAndColumns()
    {
        var corpus = TopicCorpus.Bars(3, 5, 10, 1, new Random(0));
        Assert.Equal(6, corpus.TrueTopics.Length);
        Assert.All(corpus.TrueTopics, t => Assert.Equal(1, t.Sum(), 12));
        Assert.Equal(1.0 / 3, corpus.TrueTopics[0][2], 12);      // row 0 holds word 2
        Assert.Equal(1.0 / 3, corpus.TrueTopics[3][3], 12);      // column 0 holds word 3 (row 1, col 0)
        Assert.All(corpus.Documents, d => Assert.Equal(10, d.Length));
    }

    [Fact]
    public void HellingerIsZeroForEqualAndOneForDisjoint()
    {
        Assert.Equal(0, TopicMatching.Hellinger([0.5, 0.5], [0.5, 0.5]), 12);
        Assert.Equal(1, TopicMatching.Hellinger([1.0, 0], [0, 1.0]), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LdaSettings(0).Validate());
    }
}
