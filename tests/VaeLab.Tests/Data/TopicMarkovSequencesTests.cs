using VaeLab.Data.Sequences;

namespace VaeLab.Tests.Data;

public class TopicMarkovSequencesTests
{
    [Fact]
    public void DefaultsAreTheBriefsSizes()
    {
        using var data = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: 50));
        Assert.Equal([50L, 30L], data.Tokens.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, data.Tokens.dtype);
        Assert.Equal(20, data.VocabularySize);
        Assert.Equal(8, data.TopicCount);
        Assert.Equal(10_000, new TopicMarkovOptions().Count);
        var tokens = data.Tokens.data<long>().ToArray();
        Assert.All(tokens, t => Assert.InRange(t, 0, 19));
        Assert.All(data.Topics, k => Assert.InRange(k, 0, 7));
    }

    [Fact]
    public void SameSeedGivesTheSameDataAndAnotherSeedDoesNot()
    {
        var options = new TopicMarkovOptions(Count: 300, Seed: 7);
        using var a = TopicMarkovSequences.Generate(options);
        using var b = TopicMarkovSequences.Generate(options);
        using var c = TopicMarkovSequences.Generate(options with { Seed = 8 });
        Assert.Equal(a.Tokens.data<long>().ToArray(), b.Tokens.data<long>().ToArray());
        Assert.Equal(a.Topics, b.Topics);
        Assert.Equal(a.Chains[3].Transition, b.Chains[3].Transition);
        Assert.NotEqual(a.Tokens.data<long>().ToArray(), c.Tokens.data<long>().ToArray());
        // The tensor and the per-row accessor agree.
        Assert.Equal(a.Tokens[5].data<long>().ToArray(), a.Sequence(5));
    }

    [Fact]
    public void EmpiricalTransitionFrequenciesMatchTheTrueMatrices()
    {
        using var data = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: 10_000, Seed: 1));
        int v = data.VocabularySize, k = data.TopicCount;
        var counts = new long[k, v, v];
        var tokens = data.Tokens.data<long>().ToArray();
        for (var n = 0; n < data.Count; n++)
        for (var t = 1; t < data.Length; t++)
            counts[data.Topics[n], tokens[n * data.Length + t - 1], tokens[n * data.Length + t]]++;
        var checkedRows = 0;
        for (var topic = 0; topic < k; topic++)
        for (var i = 0; i < v; i++)
        {
            long rowTotal = 0;
            for (var j = 0; j < v; j++) rowTotal += counts[topic, i, j];
            if (rowTotal < 400) continue; // rarely visited states: too few transitions to compare
            checkedRows++;
            for (var j = 0; j < v; j++)
            {
                var p = data.Chains[topic].Transition[i, j];
                var frequency = (double)counts[topic, i, j] / rowTotal;
                // Five binomial standard errors (plus a floor for p ≈ 0): with ~3,000 cells a false alarm is ~1e-3 likely.
                var tolerance = 5 * Math.Sqrt(p * (1 - p) / rowTotal) + 1e-3;
                Assert.True(Math.Abs(frequency - p) <= tolerance, $"topic {topic}, {i}→{j}: frequency {frequency:F4} vs true {p:F4} over {rowTotal} transitions");
            }
        }
        Assert.True(checkedRows >= 3 * k, $"only {checkedRows} rows were visited often enough to check");
        // Topics are drawn uniformly: each topic's share within 5 standard errors of 1/8.
        foreach (var topic in Enumerable.Range(0, k))
            Assert.InRange(data.Topics.Count(x => x == topic) / 10_000.0, 0.125 - 5 * 0.0033, 0.125 + 5 * 0.0033);
    }

    [Fact]
    public void SparseRowsMakeTopicsClearlyDifferent()
    {
        using var data = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: 2_000, Seed: 3));
        // With Dirichlet(0.1) rows the exact posterior names the true topic almost always from 30 tokens.
        var posteriors = data.TopicPosteriors();
        var correct = Enumerable.Range(0, data.Count).Count(n => Array.IndexOf(posteriors[n], posteriors[n].Max()) == data.Topics[n]);
        Assert.True(correct / (double)data.Count > 0.99, $"the Bayes classifier is right for only {correct} of {data.Count}");
        Assert.All(posteriors, p => Assert.Equal(1.0, p.Sum(), 9));
    }

    [Fact]
    public void ExactLogLikelihoodMatchesAHandComputedTinyCase()
    {
        // Two tokens, two topics.
        var a = new MarkovChain([0.75, 0.25], new[,] { { 0.9, 0.1 }, { 0.5, 0.5 } });
        var b = new MarkovChain([0.5, 0.5], new[,] { { 0.2, 0.8 }, { 0.4, 0.6 } });
        long[] x = [0, 0, 1, 0];
        // p(x | a) = 0.75 · 0.9 · 0.1 · 0.5 = 0.03375; p(x | b) = 0.5 · 0.2 · 0.8 · 0.4 = 0.032.
        Assert.Equal(Math.Log(0.03375), TopicMarkovSequences.LogLikelihoodGivenTopic(x, a), 12);
        Assert.Equal(Math.Log(0.032), b.LogLikelihood(x), 12);
        Assert.Equal(Math.Log(0.5 * 0.03375 + 0.5 * 0.032), TopicMarkovSequences.LogMarginalLikelihood(x, [a, b]), 12);
        var posterior = TopicMarkovSequences.TopicPosterior(x, [a, b]);
        Assert.Equal(0.03375 / (0.03375 + 0.032), posterior[0], 12);
        // A zero-probability transition gives −∞ under that topic but the mixture stays finite.
        var c = new MarkovChain([1, 0], new[,] { { 1.0, 0.0 }, { 0.0, 1.0 } });
        Assert.Equal(double.NegativeInfinity, c.LogLikelihood(x));
        Assert.Equal(Math.Log(0.5 * 0.03375), TopicMarkovSequences.LogMarginalLikelihood(x, [a, c]), 12);
    }

    [Fact]
    public void DatasetLikelihoodsAgreeWithTheStaticHelpers()
    {
        using var data = TopicMarkovSequences.Generate(new TopicMarkovOptions(Count: 20, Seed: 4));
        var marginal = data.LogLikelihoods();
        var given = data.LogLikelihoodsGivenTopic();
        for (var n = 0; n < data.Count; n++)
        {
            var x = data.Sequence(n);
            Assert.Equal(data.Chains[data.Topics[n]].LogLikelihood(x), given[n], 12);
            Assert.Equal(TopicMarkovSequences.LogMarginalLikelihood(x, data.Chains), marginal[n], 12);
            // log p(x) ≥ log p(x | k) + log(1/K): the mixture contains the true topic's term.
            Assert.True(marginal[n] >= given[n] - Math.Log(data.TopicCount) - 1e-12);
        }
    }

    [Fact]
    public void SequenceEntropyIsExactOnATinyChainAndMatchesSampledLogLikelihoods()
    {
        // Start (1, 0), rows (½, ½) and (1, 0): H(x1) = 0; step 2: H = log 2; step 3: p(x2 = 0) = ½, so + ½ log 2.
        var tiny = new MarkovChain([1, 0], new[,] { { 0.5, 0.5 }, { 1.0, 0.0 } });
        Assert.Equal(0, tiny.SequenceEntropy(1), 12);
        Assert.Equal(Math.Log(2), tiny.SequenceEntropy(2), 12);
        Assert.Equal(1.5 * Math.Log(2), tiny.SequenceEntropy(3), 12);
        // Its stationary distribution is (2/3, 1/3): entropy rate (2/3) log 2.
        Assert.Equal(2.0 / 3 * Math.Log(2), tiny.EntropyRate(30_000), 4);

        // On a generated chain, the mean −log p(x | k) of sampled sequences estimates H(x_{1:T} | k).
        var chains = TopicMarkovSequences.DrawChains(1, 20, 0.1, new Random(5));
        using var data = TopicMarkovSequences.Sample(chains, 4_000, 30, new Random(6));
        var nll = data.LogLikelihoodsGivenTopic().Select(l => -l).ToArray();
        var mean = nll.Average();
        var sd = Math.Sqrt(nll.Select(x => (x - mean) * (x - mean)).Sum() / (nll.Length - 1));
        Assert.InRange(chains[0].SequenceEntropy(30), mean - 5 * sd / Math.Sqrt(nll.Length), mean + 5 * sd / Math.Sqrt(nll.Length));
    }

    [Fact]
    public void BadSettingsAndChainsAreRejected()
    {
        Assert.Contains("VocabularySize must be at least 2", Assert.Throws<ArgumentException>(() => TopicMarkovSequences.Generate(new TopicMarkovOptions(VocabularySize: 1))).Message);
        Assert.Contains("Length", Assert.Throws<ArgumentException>(() => new TopicMarkovOptions(Length: 0).Validate()).Message);
        Assert.Contains("Topics must be at least 1", Assert.Throws<ArgumentException>(() => new TopicMarkovOptions(Topics: 0).Validate()).Message);
        Assert.Contains("Count", Assert.Throws<ArgumentException>(() => new TopicMarkovOptions(Count: 0).Validate()).Message);
        Assert.Contains("Concentration", Assert.Throws<ArgumentException>(() => new TopicMarkovOptions(Concentration: 0).Validate()).Message);
        Assert.Contains("100,000,000", Assert.Throws<ArgumentException>(() => new TopicMarkovOptions(Count: 10_000_000, Length: 11).Validate()).Message);
        Assert.Contains("sums to 0.9", Assert.Throws<ArgumentException>(() => new MarkovChain([0.5, 0.4], new[,] { { 1.0, 0 }, { 0, 1.0 } })).Message);
        Assert.Contains("Transition row 1", Assert.Throws<ArgumentException>(() => new MarkovChain([0.5, 0.5], new[,] { { 1.0, 0 }, { -0.5, 1.5 } })).Message);
        Assert.Contains("2×2", Assert.Throws<ArgumentException>(() => new MarkovChain([0.5, 0.5], new double[2, 3])).Message);
        var chain = new MarkovChain([0.5, 0.5], new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } });
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.LogLikelihood([0, 2]));
        Assert.Throws<ArgumentException>(() => chain.LogLikelihood([]));
        var other = new MarkovChain([1.0, 0, 0], new[,] { { 1.0, 0, 0 }, { 0, 1.0, 0 }, { 0, 0, 1.0 } });
        Assert.Contains("one vocabulary size", Assert.Throws<ArgumentException>(() => TopicMarkovSequences.LogMarginalLikelihood([0], [chain, other])).Message);
    }
}
