using static TorchSharp.torch;

namespace VaeLab.Data.Sequences;

/// <summary>
/// Token sequences that share one global factor, the topic: tokens int64 [N, T], each row drawn from the Markov chain
/// of its topic (<see cref="Topics"/>[n] indexes <see cref="Chains"/>), topics uniform. Keeps the true chains so the
/// exact log p(x) — the best any decoder can reach — can be computed. Owns <see cref="Tokens"/>.
/// </summary>
public sealed class TopicMarkovDataset : IDisposable
{
    private readonly long[] flatTokens;

    internal TopicMarkovDataset(string name, long[] flatTokens, int count, int length, int[] topics, IReadOnlyList<MarkovChain> chains)
    {
        Name = name;
        this.flatTokens = flatTokens;
        Length = length;
        Topics = topics;
        Chains = chains;
        Tokens = tensor(flatTokens, [count, length], dtype: ScalarType.Int64);
    }

    public string Name { get; }

    /// <summary>int64 [N, T], values in [0, V).</summary>
    public Tensor Tokens { get; }

    /// <summary>The topic each sequence was drawn from, in [0, K).</summary>
    public IReadOnlyList<int> Topics { get; }

    /// <summary>The K true chains, one per topic.</summary>
    public IReadOnlyList<MarkovChain> Chains { get; }

    public int Count => Topics.Count;

    /// <summary>T, tokens per sequence.</summary>
    public int Length { get; }

    public int VocabularySize => Chains[0].VocabularySize;

    public int TopicCount => Chains.Count;

    /// <summary>Sequence <paramref name="n"/> as an array (a copy).</summary>
    public long[] Sequence(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, Count);
        return flatTokens.AsSpan(n * Length, Length).ToArray();
    }

    /// <summary>log p(x_n | its true topic) for every sequence, in nats.</summary>
    public double[] LogLikelihoodsGivenTopic()
    {
        var result = new double[Count];
        for (var n = 0; n < Count; n++) result[n] = Chains[Topics[n]].LogLikelihood(Row(n));
        return result;
    }

    /// <summary>log p(x_n) = log (1/K) Σ_k p(x_n | k) for every sequence: the exact marginal a decoder can at best reach.</summary>
    public double[] LogLikelihoods()
    {
        var result = new double[Count];
        for (var n = 0; n < Count; n++) result[n] = TopicMarkovSequences.LogMarginalLikelihood(Row(n), Chains);
        return result;
    }

    /// <summary>The exact posterior p(topic | x_n) for every sequence, [N][K]: how well the topic can be read at best.</summary>
    public double[][] TopicPosteriors()
    {
        var result = new double[Count][];
        for (var n = 0; n < Count; n++) result[n] = TopicMarkovSequences.TopicPosterior(Row(n), Chains);
        return result;
    }

    public void Dispose() => Tokens.Dispose();

    public override string ToString() => $"{Name}: {Count:N0} sequences of {Length} tokens over {VocabularySize} symbols, {TopicCount} topics";

    private ReadOnlySpan<long> Row(int n) => flatTokens.AsSpan(n * Length, Length);
}
