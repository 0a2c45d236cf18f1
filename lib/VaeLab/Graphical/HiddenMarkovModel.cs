using System.Runtime.CompilerServices;
using VaeLab.Numerics;

namespace VaeLab.Graphical;

/// <summary>
/// A discrete hidden Markov model: p(z_1) = Initial, p(z_t | z_{t−1}) = Transition[z_{t−1}, z_t],
/// p(x_t | z_t) = Emission[z_t, x_t]. The likelihood p(x_{1:T}) = Σ over K^T state paths, which the forward
/// algorithm computes in O(T K²).
/// </summary>
public sealed class HiddenMarkovModel
{
    public HiddenMarkovModel(double[] initial, double[,] transition, double[,] emission)
    {
        var k = initial.Length;
        if (k < 1) throw new ArgumentException("An HMM needs at least one state.", nameof(initial));
        if (transition.GetLength(0) != k || transition.GetLength(1) != k)
            throw new ArgumentException($"Transition must be {k}×{k} (one row per state), got {transition.GetLength(0)}×{transition.GetLength(1)}.");
        if (emission.GetLength(0) != k)
            throw new ArgumentException($"Emission needs one row per state ({k}), got {emission.GetLength(0)}.");
        CheckDistribution(initial, "Initial");
        for (var i = 0; i < k; i++)
        {
            CheckDistribution(Row(transition, i), $"Transition row {i}");
            CheckDistribution(Row(emission, i), $"Emission row {i}");
        }
        Initial = initial;
        Transition = transition;
        Emission = emission;
    }

    public double[] Initial { get; }
    public double[,] Transition { get; }
    public double[,] Emission { get; }
    public int StateCount => Initial.Length;
    public int SymbolCount => Emission.GetLength(1);

    /// <summary>Draws a state path and its observations of the given length.</summary>
    public (int[] States, int[] Observations) Sample(int length, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var states = new int[length];
        var observations = new int[length];
        for (var t = 0; t < length; t++)
        {
            states[t] = SpecialFunctions.Categorical(random, t == 0 ? Initial : Row(Transition, states[t - 1]));
            observations[t] = SpecialFunctions.Categorical(random, Row(Emission, states[t]));
        }
        return (states, observations);
    }

    /// <summary>log p(x_{1:T}) by the forward recursion α_t(j) = p(x_t | j) Σ_i α_{t−1}(i) A_ij, rescaled each step.</summary>
    public double ForwardLogLikelihood(IReadOnlyList<int> observations)
    {
        CheckObservations(observations);
        var k = StateCount;
        var alpha = new double[k];
        var next = new double[k];
        var logLikelihood = 0.0;
        for (var j = 0; j < k; j++) alpha[j] = Initial[j] * Emission[j, observations[0]];
        logLikelihood += Rescale(alpha);
        for (var t = 1; t < observations.Count; t++)
        {
            for (var j = 0; j < k; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < k; i++) sum += alpha[i] * Transition[i, j];
                next[j] = sum * Emission[j, observations[t]];
            }
            (alpha, next) = (next, alpha);
            logLikelihood += Rescale(alpha);
        }
        return logLikelihood;
    }

    /// <summary>log p(x_{1:T}) by summing p(z, x) over all K^T state paths: the definition, exponential in T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // timed in notebook 01: optimised code from the first call, whatever the JIT tier
    public double BruteForceLogLikelihood(IReadOnlyList<int> observations)
    {
        CheckObservations(observations);
        var k = StateCount;
        var length = observations.Count;
        if (Math.Pow(k, length) > 5e8)
            throw new ArgumentException($"{k}^{length} paths is too many to enumerate; use ForwardLogLikelihood for sequences this long.");
        var path = new int[length];
        var total = 0.0;
        while (true)
        {
            var p = Initial[path[0]] * Emission[path[0], observations[0]];
            for (var t = 1; t < length && p > 0; t++) p *= Transition[path[t - 1], path[t]] * Emission[path[t], observations[t]];
            total += p;
            var position = length - 1; // odometer increment over all paths
            while (position >= 0 && ++path[position] == k) path[position--] = 0;
            if (position < 0) break;
        }
        return Math.Log(total);
    }

    private void CheckObservations(IReadOnlyList<int> observations)
    {
        if (observations.Count == 0) throw new ArgumentException("The observation sequence is empty.", nameof(observations));
        foreach (var x in observations)
            if ((uint)x >= (uint)SymbolCount) throw new ArgumentOutOfRangeException(nameof(observations), $"Symbol {x} is outside 0..{SymbolCount - 1}.");
    }

    private static double Rescale(double[] alpha)
    {
        var sum = alpha.Sum();
        if (!(sum > 0)) return double.NegativeInfinity;
        for (var i = 0; i < alpha.Length; i++) alpha[i] /= sum;
        return Math.Log(sum);
    }

    private static double[] Row(double[,] matrix, int row)
    {
        var result = new double[matrix.GetLength(1)];
        for (var j = 0; j < result.Length; j++) result[j] = matrix[row, j];
        return result;
    }

    private static void CheckDistribution(double[] p, string what)
    {
        if (p.Any(v => v < 0 || double.IsNaN(v)) || Math.Abs(p.Sum() - 1) > 1e-9)
            throw new ArgumentException($"{what} must be a probability vector (non-negative, sum 1); it sums to {p.Sum()}.");
    }
}
