namespace VaeLab.Data.Sequences;

/// <summary>
/// A first-order Markov chain over tokens 0 … V−1: p(x_1) = Start, p(x_t | x_{t−1}) = Transition[x_{t−1}, x_t], so
/// log p(x_{1:T}) = log Start[x_1] + Σ_{t=2}^{T} log Transition[x_{t−1}, x_t].
/// </summary>
public sealed class MarkovChain
{
    private const double SumTolerance = 1e-9;

    public MarkovChain(double[] start, double[,] transition)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(transition);
        var v = start.Length;
        if (v < 1) throw new ArgumentException("A Markov chain needs at least one token.");
        if (transition.GetLength(0) != v || transition.GetLength(1) != v)
            throw new ArgumentException($"The transition matrix must be {v}×{v} (one row per token), got {transition.GetLength(0)}×{transition.GetLength(1)}.");
        CheckDistribution(start, "The start distribution");
        for (var i = 0; i < v; i++) CheckDistribution(Row(transition, i), $"Transition row {i}");
        Start = (double[])start.Clone();
        Transition = (double[,])transition.Clone();
    }

    public double[] Start { get; }

    /// <summary>[from, to]: each row a distribution over the next token.</summary>
    public double[,] Transition { get; }

    public int VocabularySize => Start.Length;

    public double[] TransitionRow(int from) => Row(Transition, from);

    /// <summary>log p(x_{1:T}) in nats; −∞ if the sequence uses a transition of probability 0.</summary>
    public double LogLikelihood(ReadOnlySpan<long> sequence)
    {
        if (sequence.Length == 0) throw new ArgumentException("The sequence is empty; give at least one token.");
        foreach (var token in sequence)
            if (token < 0 || token >= VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(sequence), token, $"Tokens must be in [0, {VocabularySize}).");
        var sum = Math.Log(Start[sequence[0]]);
        for (var t = 1; t < sequence.Length; t++) sum += Math.Log(Transition[sequence[t - 1], sequence[t]]);
        return sum;
    }

    /// <summary>
    /// H(x_{1:T}) = H(Start) + Σ_{t=2}^{T} Σ_i p(x_{t−1} = i) H(Transition[i, ·]) in nats, exactly (the marginals
    /// p(x_t) are propagated forward from the start): the expected −log p(x_{1:T}) of sequences of this chain.
    /// </summary>
    public double SequenceEntropy(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var rowEntropies = RowEntropies();
        var marginal = (double[])Start.Clone();
        var entropy = Entropy(Start);
        for (var t = 2; t <= length; t++)
        {
            for (var i = 0; i < VocabularySize; i++) entropy += marginal[i] * rowEntropies[i];
            marginal = Step(marginal);
        }
        return entropy;
    }

    /// <summary>
    /// The entropy rate lim H(x_{1:T}) / T in nats per token, as the average of the per-step conditional entropies
    /// Σ_i p(x_t = i) H(Transition[i, ·]) over <paramref name="steps"/> steps from the start distribution (a Cesàro
    /// mean, so periodic chains converge too; for an ergodic chain it is Σ_i π_i H(Transition[i, ·]), π stationary).
    /// </summary>
    public double EntropyRate(int steps = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var rowEntropies = RowEntropies();
        var marginal = (double[])Start.Clone();
        var sum = 0.0;
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < VocabularySize; i++) sum += marginal[i] * rowEntropies[i];
            marginal = Step(marginal);
        }
        return sum / steps;
    }

    private double[] RowEntropies()
    {
        var entropies = new double[VocabularySize];
        for (var i = 0; i < VocabularySize; i++) entropies[i] = Entropy(Row(Transition, i));
        return entropies;
    }

    /// <summary>p(x_{t+1}) = p(x_t) · Transition.</summary>
    private double[] Step(double[] marginal)
    {
        var next = new double[VocabularySize];
        for (var i = 0; i < VocabularySize; i++)
        {
            if (marginal[i] == 0) continue;
            for (var j = 0; j < VocabularySize; j++) next[j] += marginal[i] * Transition[i, j];
        }
        return next;
    }

    private static double Entropy(double[] p)
    {
        var h = 0.0;
        foreach (var q in p) if (q > 0) h -= q * Math.Log(q); // 0 log 0 = 0
        return h;
    }

    private static double[] Row(double[,] m, int i)
    {
        var row = new double[m.GetLength(1)];
        for (var j = 0; j < row.Length; j++) row[j] = m[i, j];
        return row;
    }

    private static void CheckDistribution(double[] p, string what)
    {
        if (p.Any(x => !(x >= 0) || double.IsInfinity(x)))
            throw new ArgumentException($"{what} has a negative or non-finite entry; probabilities must be ≥ 0.");
        var sum = p.Sum();
        if (Math.Abs(sum - 1) > SumTolerance)
            throw new ArgumentException($"{what} sums to {sum}, not 1; normalise it.");
    }
}
