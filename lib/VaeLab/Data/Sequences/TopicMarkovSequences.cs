using VaeLab.Numerics;

namespace VaeLab.Data.Sequences;

/// <summary>
/// Settings of <see cref="TopicMarkovSequences.Generate"/>: <see cref="Topics"/> = K chains over
/// <see cref="VocabularySize"/> = V tokens, <see cref="Count"/> = N sequences of <see cref="Length"/> = T tokens.
/// Every start distribution and transition row is a Dirichlet(<see cref="Concentration"/>·1) draw; a concentration
/// well below 1 makes the rows sparse, so two topics rarely share their likely transitions.
/// </summary>
public sealed record TopicMarkovOptions(
    int VocabularySize = 20, int Length = 30, int Topics = 8, int Count = 10_000, double Concentration = 0.1, int Seed = 0)
{
    public void Validate()
    {
        if (VocabularySize < 2)
            throw new ArgumentException($"VocabularySize must be at least 2 tokens; got {VocabularySize}.");
        if (Length < 1)
            throw new ArgumentException($"Length (tokens per sequence) must be at least 1; got {Length}.");
        if (Topics < 1)
            throw new ArgumentException($"Topics must be at least 1; got {Topics}.");
        if (Count < 1)
            throw new ArgumentException($"Count (number of sequences) must be at least 1; got {Count}.");
        if ((long)Count * Length > 100_000_000)
            throw new ArgumentException($"Count × Length is {(long)Count * Length:N0} tokens; keep it at most 100,000,000.");
        if (!(Concentration > 0) || !double.IsFinite(Concentration))
            throw new ArgumentException($"Concentration must be a finite number > 0 (e.g. 0.1 for sparse rows); got {Concentration}.");
    }
}

/// <summary>
/// A generator of token sequences with one global discrete factor: a mixture of K first-order Markov chains, the
/// topic drawn uniformly per sequence. An autoregressive decoder can model such data without any latent (it reads
/// the topic off the first tokens), which is what makes a VAE on it prone to posterior collapse (Bowman et al. 2016).
/// </summary>
public static class TopicMarkovSequences
{
    /// <summary>Draws the K chains, then N sequences, all from System.Random(options.Seed).</summary>
    public static TopicMarkovDataset Generate(TopicMarkovOptions? options = null)
    {
        options ??= new TopicMarkovOptions();
        options.Validate();
        var random = new Random(options.Seed);
        var chains = DrawChains(options.Topics, options.VocabularySize, options.Concentration, random);
        return Sample(chains, options.Count, options.Length, random,
            $"Topic-Markov sequences (K {options.Topics}, V {options.VocabularySize}, seed {options.Seed})");
    }

    /// <summary>K chains whose start distribution and transition rows are independent Dirichlet(concentration·1) draws.</summary>
    public static MarkovChain[] DrawChains(int topics, int vocabularySize, double concentration, Random random)
    {
        new TopicMarkovOptions(VocabularySize: vocabularySize, Topics: topics, Concentration: concentration).Validate();
        var alpha = Enumerable.Repeat(concentration, vocabularySize).ToArray();
        var chains = new MarkovChain[topics];
        for (var k = 0; k < topics; k++)
        {
            var start = SpecialFunctions.Dirichlet(random, alpha);
            var transition = new double[vocabularySize, vocabularySize];
            for (var i = 0; i < vocabularySize; i++)
            {
                var row = SpecialFunctions.Dirichlet(random, alpha);
                for (var j = 0; j < vocabularySize; j++) transition[i, j] = row[j];
            }
            chains[k] = new MarkovChain(start, transition);
        }
        return chains;
    }

    /// <summary>
    /// <paramref name="count"/> sequences from given chains, topics uniform: e.g. a held-out set from the chains of a
    /// generated training set.
    /// </summary>
    public static TopicMarkovDataset Sample(IReadOnlyList<MarkovChain> chains, int count, int length, Random random, string? name = null)
    {
        CheckChains(chains);
        if (count < 1) throw new ArgumentException($"Count (number of sequences) must be at least 1; got {count}.");
        if (length < 1) throw new ArgumentException($"Length (tokens per sequence) must be at least 1; got {length}.");
        if ((long)count * length > 100_000_000) throw new ArgumentException($"Count × Length is {(long)count * length:N0} tokens; keep it at most 100,000,000.");
        var topics = new int[count];
        var tokens = new long[(long)count * length];
        for (var n = 0; n < count; n++)
        {
            var topic = random.Next(chains.Count);
            topics[n] = topic;
            var chain = chains[topic];
            var offset = n * length;
            var token = SpecialFunctions.Categorical(random, chain.Start);
            tokens[offset] = token;
            for (var t = 1; t < length; t++)
            {
                token = SpecialFunctions.Categorical(random, chain.TransitionRow(token));
                tokens[offset + t] = token;
            }
        }
        return new TopicMarkovDataset(name ?? $"Topic-Markov sequences ({count:N0} from {chains.Count} chains)", tokens, count, length, topics, chains);
    }

    /// <summary>log p(x | topic k) = the chain's log-likelihood of the sequence, in nats.</summary>
    public static double LogLikelihoodGivenTopic(ReadOnlySpan<long> sequence, MarkovChain chain) => chain.LogLikelihood(sequence);

    /// <summary>log p(x) = log Σ_k (1/K) p(x | k), in nats: the mixture over uniformly likely topics.</summary>
    public static double LogMarginalLikelihood(ReadOnlySpan<long> sequence, IReadOnlyList<MarkovChain> chains)
    {
        var perTopic = PerTopic(sequence, chains);
        return SpecialFunctions.LogSumExp(perTopic) - Math.Log(chains.Count);
    }

    /// <summary>p(k | x) = p(x | k) / Σ_j p(x | j) (uniform prior over topics).</summary>
    public static double[] TopicPosterior(ReadOnlySpan<long> sequence, IReadOnlyList<MarkovChain> chains)
    {
        var perTopic = PerTopic(sequence, chains);
        var logNormaliser = SpecialFunctions.LogSumExp(perTopic);
        return perTopic.Select(l => Math.Exp(l - logNormaliser)).ToArray();
    }

    private static double[] PerTopic(ReadOnlySpan<long> sequence, IReadOnlyList<MarkovChain> chains)
    {
        CheckChains(chains);
        var perTopic = new double[chains.Count];
        for (var k = 0; k < perTopic.Length; k++) perTopic[k] = chains[k].LogLikelihood(sequence);
        return perTopic;
    }

    private static void CheckChains(IReadOnlyList<MarkovChain> chains)
    {
        if (chains.Count == 0) throw new ArgumentException("Give at least one chain (one per topic).");
        if (chains.Any(c => c.VocabularySize != chains[0].VocabularySize))
            throw new ArgumentException("All chains must share one vocabulary size.");
    }
}
