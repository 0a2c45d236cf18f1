namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Checks and column access shared by the disentanglement metrics, whose inputs are latent codes
/// (<c>double[N, L]</c>: rows examples, columns latents, normally posterior means) and ground-truth factors
/// (<c>int[N, K]</c>: discrete factor indices) with one name per factor.
/// </summary>
internal static class FactorCodeInput
{
    public static void Check(double[,] latents, int[,] factors, IReadOnlyList<string> factorNames, int minLatents, int minRows = 10)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(factorNames);
        var n = latents.GetLength(0);
        if (factors.GetLength(0) != n)
            throw new ArgumentException($"Latents and factors must have one row per example; got {n} and {factors.GetLength(0)} rows.");
        if (n < minRows)
            throw new ArgumentException($"Give at least {minRows} examples; got {n}.");
        if (latents.GetLength(1) < minLatents)
            throw new ArgumentException($"This metric needs at least {minLatents} latent column(s); got {latents.GetLength(1)}.");
        CheckNames(factors.GetLength(1), factorNames);
        foreach (var v in latents)
            if (!double.IsFinite(v)) throw new ArgumentException("Latent codes contain NaN or ∞; check the encoder output.");
        for (var k = 0; k < factors.GetLength(1); k++)
        {
            var first = factors[0, k];
            var varies = false;
            for (var i = 0; i < n; i++)
            {
                if (factors[i, k] < 0)
                    throw new ArgumentException($"Factor '{factorNames[k]}' has index {factors[i, k]}; factor indices must be 0 or more.");
                varies |= factors[i, k] != first;
            }
            if (!varies)
                throw new ArgumentException($"Factor '{factorNames[k]}' takes a single value in these examples, so no metric can score it; leave that column out.");
        }
    }

    public static void CheckNames(int factorCount, IReadOnlyList<string> factorNames)
    {
        if (factorCount < 1) throw new ArgumentException("Give at least one factor column.");
        if (factorNames.Count != factorCount)
            throw new ArgumentException($"Give one name per factor column; got {factorNames.Count} names for {factorCount} factors.");
    }

    public static double[] Column(double[,] table, int column, IReadOnlyList<int>? rows = null)
    {
        var n = rows?.Count ?? table.GetLength(0);
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = table[rows is null ? i : rows[i], column];
        return result;
    }

    public static int[] Column(int[,] table, int column, IReadOnlyList<int>? rows = null)
    {
        var n = rows?.Count ?? table.GetLength(0);
        var result = new int[n];
        for (var i = 0; i < n; i++) result[i] = table[rows is null ? i : rows[i], column];
        return result;
    }
}
