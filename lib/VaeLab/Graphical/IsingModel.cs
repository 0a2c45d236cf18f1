using System.Runtime.CompilerServices;
namespace VaeLab.Graphical;

/// <summary>
/// An Ising-style Markov random field on a rows × cols grid of spins s ∈ {−1, +1}:
/// p(s) = exp(J Σ_{⟨i,j⟩} s_i s_j + h Σ_i s_i) / Z, one pairwise factor per grid edge and one unary factor per site.
/// Z needs a sum over 2^(rows·cols) configurations, which is why undirected models are hard to normalise.
/// </summary>
public sealed class IsingModel
{
    public const int MaxEnumerableSites = 24;

    public IsingModel(int rows, int cols, double coupling, double field)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (!double.IsFinite(coupling) || !double.IsFinite(field)) throw new ArgumentException("Coupling and field must be finite numbers.");
        Rows = rows; Cols = cols; Coupling = coupling; Field = field;
    }

    public int Rows { get; }
    public int Cols { get; }
    public double Coupling { get; }
    public double Field { get; }
    public int Sites => Rows * Cols;

    /// <summary>Variable name of a site, "s{row}{col}" (row-major order is also the joint table's order).</summary>
    public string SiteName(int row, int col) => $"s{row}{col}";

    /// <summary>The unnormalised log score J Σ_edges s_i s_j + h Σ s_i for spins given as 0/1 (0 ↦ −1, 1 ↦ +1).</summary>
    /// <remarks>Compiled fully optimised from its first call (no tiered-JIT warm-up), so that notebook 01's timings of the
    /// brute-force sum measure the 2ⁿ states, not which JIT tier happened to run.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LogScore(ReadOnlySpan<int> bits)
    {
        if (bits.Length != Sites) throw new ArgumentException($"Give {Sites} spins, got {bits.Length}.");
        var score = 0.0;
        for (var r = 0; r < Rows; r++)
        for (var c = 0; c < Cols; c++)
        {
            var s = Spin(bits[r * Cols + c]);
            score += Field * s;
            if (c + 1 < Cols) score += Coupling * s * Spin(bits[r * Cols + c + 1]);
            if (r + 1 < Rows) score += Coupling * s * Spin(bits[(r + 1) * Cols + c]);
        }
        return score;
    }

    /// <summary>log Z by summing exp(score) over all 2^sites configurations (a running log-sum-exp: no 2^sites array).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LogPartitionFunctionBruteForce()
    {
        CheckEnumerable();
        var bits = new int[Sites];
        var count = 1 << Sites;
        double max = double.NegativeInfinity, sum = 0;   // Σ exp(score − max), rescaled whenever a larger score arrives
        for (var index = 0; index < count; index++)
        {
            for (var i = 0; i < Sites; i++) bits[i] = (index >> (Sites - 1 - i)) & 1;
            var score = LogScore(bits);
            if (score > max) { sum = sum * Math.Exp(max - score) + 1; max = score; }
            else sum += Math.Exp(score - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary>
    /// log Z of a single row (open chain) by passing messages left to right, m_{i+1}(s') = Σ_s m_i(s) e^{J s s' + h s'}:
    /// O(n) instead of O(2^n), the undirected twin of the HMM forward algorithm. Only for Rows == 1.
    /// </summary>
    public double LogPartitionFunctionChain()
    {
        if (Rows != 1) throw new InvalidOperationException($"The chain recursion needs a single row; this grid has {Rows} rows.");
        double logMinus = -Field, logPlus = Field; // log m_1(−1), log m_1(+1)
        for (var c = 1; c < Cols; c++)
        {
            var newMinus = LogSumExp2(logMinus + Coupling, logPlus - Coupling) - Field;
            var newPlus = LogSumExp2(logMinus - Coupling, logPlus + Coupling) + Field;
            (logMinus, logPlus) = (newMinus, newPlus);
        }
        return LogSumExp2(logMinus, logPlus);
    }

    /// <summary>The normalised joint over all sites (0 = spin −1, 1 = spin +1) for numerical independence checks.</summary>
    public JointTable ToJointTable(out double partitionFunction)
    {
        CheckEnumerable();
        var names = new List<string>();
        for (var r = 0; r < Rows; r++) for (var c = 0; c < Cols; c++) names.Add(SiteName(r, c));
        return JointTable.FromUnnormalised(names, Enumerable.Repeat(2, Sites).ToArray(), a => Math.Exp(LogScore(a)), out partitionFunction);
    }

    private void CheckEnumerable()
    {
        if (Sites > MaxEnumerableSites)
            throw new InvalidOperationException($"{Sites} sites means 2^{Sites} configurations; brute force is limited to {MaxEnumerableSites} sites.");
    }

    private static int Spin(int bit) => bit == 0 ? -1 : 1;

    private static double LogSumExp2(double a, double b)
    {
        var m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }
}
