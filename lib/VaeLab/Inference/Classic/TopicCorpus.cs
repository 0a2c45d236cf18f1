using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>A document as a bag of words: distinct word ids and how often each occurs.</summary>
public sealed record BagOfWords(int[] WordIds, int[] Counts)
{
    public int Length => Counts.Sum();
}

/// <summary>A corpus with the topics (rows of word probabilities) and per-document proportions that generated it.</summary>
public sealed record TopicCorpus(int VocabularySize, IReadOnlyList<BagOfWords> Documents, double[][] TrueTopics, double[][] TrueProportions)
{
    /// <summary>
    /// The "bars" corpus (Griffiths &amp; Steyvers 2004): the vocabulary is a side × side grid of pixels, and each of the
    /// 2·side topics is uniform over one row or one column. Documents follow LDA's generative story:
    /// θ_d ~ Dir(α), then for each word z ~ Cat(θ_d), w ~ Cat(β_z).
    /// </summary>
    public static TopicCorpus Bars(int side, int documents, int wordsPerDocument, double alpha, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(documents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wordsPerDocument, 1);
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "The Dirichlet concentration must be positive.");
        var vocabulary = side * side;
        var topics = new double[2 * side][];
        for (var k = 0; k < side; k++)
        {
            topics[k] = new double[vocabulary];
            topics[side + k] = new double[vocabulary];
            for (var j = 0; j < side; j++)
            {
                topics[k][k * side + j] = 1.0 / side;        // row k
                topics[side + k][j * side + k] = 1.0 / side; // column k
            }
        }
        var concentration = Enumerable.Repeat(alpha, topics.Length).ToArray();
        var docs = new List<BagOfWords>(documents);
        var proportions = new double[documents][];
        var counts = new int[vocabulary];
        for (var d = 0; d < documents; d++)
        {
            proportions[d] = SpecialFunctions.Dirichlet(random, concentration);
            Array.Clear(counts);
            for (var n = 0; n < wordsPerDocument; n++)
            {
                var topic = SpecialFunctions.Categorical(random, proportions[d]);
                counts[SpecialFunctions.Categorical(random, topics[topic])]++;
            }
            var ids = Enumerable.Range(0, vocabulary).Where(w => counts[w] > 0).ToArray();
            docs.Add(new BagOfWords(ids, ids.Select(w => counts[w]).ToArray()));
        }
        return new TopicCorpus(vocabulary, docs, topics, proportions);
    }
}
