using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// How a discrete model uses its K codes, from the code indices it chose: a count per code, the fraction of codes used at
/// least once, and the perplexity exp(−Σ_k p̄_k log p̄_k) of the code frequencies p̄ (the effective number of codes: K when
/// all are used equally, 1 when only one is). Build it with <see cref="FromIndices"/>, add batches with <see cref="Plus"/>.
/// </summary>
public sealed class CodeUsage
{
    private readonly long[] counts;

    private CodeUsage(long[] counts) => this.counts = counts;

    /// <summary>Number of times each code was chosen (a copy).</summary>
    public long[] Counts => (long[])counts.Clone();

    /// <summary>K.</summary>
    public int CodebookSize => counts.Length;

    /// <summary>Total number of indices counted.</summary>
    public long Total => counts.Sum();

    /// <summary>Number of codes chosen at least once.</summary>
    public int UsedCodes => counts.Count(c => c > 0);

    /// <summary>Fraction of the K codes chosen at least once, in [0, 1].</summary>
    public double Usage => (double)UsedCodes / counts.Length;

    /// <summary>exp of the entropy (nats) of the code frequencies; 1 ≤ perplexity ≤ number of used codes ≤ K.</summary>
    public double Perplexity
    {
        get
        {
            var total = (double)Total;
            if (total == 0) throw new InvalidOperationException("Perplexity of no indices is undefined: count some codes first.");
            var entropy = 0.0;
            foreach (var c in counts)
                if (c > 0) entropy -= c / total * Math.Log(c / total);
            return Math.Exp(entropy);
        }
    }

    /// <summary>Counts the indices (any shape, int64 or int32, each in [0, K)) of one batch or data set.</summary>
    public static CodeUsage FromIndices(Tensor indices, int codebookSize)
    {
        if (codebookSize < 1) throw new ArgumentException($"codebookSize must be positive; got {codebookSize}.");
        if (indices.dtype != ScalarType.Int64 && indices.dtype != ScalarType.Int32)
            throw new ArgumentException($"Code indices must be int64 or int32; got {indices.dtype}.");
        using var scope = NewDisposeScope();
        var flat = indices.reshape(-1).to_type(ScalarType.Int64).cpu();
        if (flat.numel() > 0 && (flat.min().item<long>() < 0 || flat.max().item<long>() >= codebookSize))
            throw new ArgumentException($"Code indices must lie in [0, {codebookSize}); got {flat.min().item<long>()} … {flat.max().item<long>()}.");
        var histogram = bincount(flat, minlength: codebookSize);
        return new CodeUsage(histogram.data<long>().ToArray());
    }

    /// <summary>A usage from counts per code (copied).</summary>
    public static CodeUsage FromCounts(IReadOnlyList<long> counts)
    {
        if (counts.Count < 1) throw new ArgumentException("Give one count per code (at least one code).");
        if (counts.Any(c => c < 0)) throw new ArgumentException("Code counts cannot be negative.");
        return new CodeUsage([.. counts]);
    }

    /// <summary>The counts of both (same K), e.g. to accumulate batches over a data set.</summary>
    public CodeUsage Plus(CodeUsage other)
    {
        if (other.CodebookSize != CodebookSize)
            throw new ArgumentException($"Cannot add code usage over {other.CodebookSize} codes to usage over {CodebookSize}.");
        return new CodeUsage([.. counts.Zip(other.counts, (a, b) => a + b)]);
    }

    public override string ToString() =>
        $"{UsedCodes}/{CodebookSize} codes used ({Usage:P0}), perplexity {(Total > 0 ? Perplexity.ToString("0.0") : "–")}";
}
