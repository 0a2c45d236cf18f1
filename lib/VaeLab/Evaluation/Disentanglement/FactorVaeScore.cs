namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Sample sizes and knobs of <see cref="FactorVaeScore"/>. The defaults (500 training votes, 300 evaluation votes,
/// 5,000 points for the global spread) take seconds on a CPU; disentanglement_lib uses 10,000 / 5,000 / 10,000.
/// <see cref="RowsPerCall"/> caps how many factor rows one call of the representation function receives.
/// </summary>
public sealed record FactorVaeSettings(
    int TrainVotes = 500,
    int EvalVotes = 300,
    int VarianceSamples = 5000,
    int BatchSize = 64,
    double PruneThreshold = 0.05,
    int Seed = 0,
    int RowsPerCall = 1024)
{
    public void Validate()
    {
        if (TrainVotes < 1 || EvalVotes < 1)
            throw new ArgumentException($"FactorVaeSettings needs at least one training and one evaluation vote; got {TrainVotes} and {EvalVotes}.");
        if (VarianceSamples < 2)
            throw new ArgumentException($"FactorVaeSettings.VarianceSamples must be at least 2 to estimate a spread; got {VarianceSamples}.");
        if (BatchSize < 2)
            throw new ArgumentException($"FactorVaeSettings.BatchSize must be at least 2 (a variance per batch); got {BatchSize}.");
        if (PruneThreshold < 0 || double.IsNaN(PruneThreshold))
            throw new ArgumentException($"FactorVaeSettings.PruneThreshold must be 0 or more (0.05 in the reference); got {PruneThreshold}.");
        if (RowsPerCall < BatchSize)
            throw new ArgumentException($"FactorVaeSettings.RowsPerCall ({RowsPerCall}) must hold at least one batch of {BatchSize}.");
    }
}

/// <summary>
/// The FactorVAE score: <see cref="EvalAccuracy"/> is the score (majority-vote accuracy on held-out votes),
/// <see cref="TrainAccuracy"/> the same on the votes the classifier was built from. <see cref="TrainVotes"/> is the
/// vote table [factor, latent]; <see cref="LatentToFactor"/> the classifier (−1 for a pruned latent or one that got no
/// training vote); <see cref="GlobalStd"/> each latent's spread over the variance sample.
/// </summary>
public sealed record FactorVaeResult(
    IReadOnlyList<string> FactorNames,
    double TrainAccuracy,
    double EvalAccuracy,
    int ActiveLatents,
    IReadOnlyList<double> GlobalStd,
    IReadOnlyList<bool> Active,
    int[,] TrainVotes,
    IReadOnlyList<int> LatentToFactor,
    FactorVaeSettings Settings);

/// <summary>
/// The FactorVAE disentanglement score (Kim &amp; Mnih 2018, §4), as in disentanglement_lib: latents are divided by
/// their standard deviation over a random sample (latents with std below <see cref="FactorVaeSettings.PruneThreshold"/>
/// are dropped as inactive); each vote picks a factor k at random, draws a batch with factor k held at one random
/// value and the others random, and votes (k, argmin_j Var_batch(z_j) / Var_global(z_j)); a majority-vote classifier
/// maps each latent to the factor it collected most training votes for; the score is its accuracy on fresh votes.
/// </summary>
/// <remarks>
/// Factor values are drawn uniformly and independently with System.Random(seed). A code that knows nothing still
/// scores about 1/K for K factors (random votes are right by chance), so the useful range is [1/K, 1].
/// </remarks>
public static class FactorVaeScore
{
    /// <summary>
    /// Scores the representation <paramref name="represent"/>, which maps rows of factor indices (one int[K] per
    /// example, in <paramref name="factorNames"/> order) to latent codes double[rows, L] (posterior means of the
    /// images with those factors). <paramref name="factorSizes"/> gives the number of values of each factor.
    /// </summary>
    public static FactorVaeResult Compute(
        Func<int[][], double[,]> represent,
        IReadOnlyList<int> factorSizes,
        IReadOnlyList<string> factorNames,
        FactorVaeSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(represent);
        ArgumentNullException.ThrowIfNull(factorSizes);
        ArgumentNullException.ThrowIfNull(factorNames);
        settings ??= new FactorVaeSettings();
        settings.Validate();
        FactorCodeInput.CheckNames(factorSizes.Count, factorNames);
        for (var k = 0; k < factorSizes.Count; k++)
            if (factorSizes[k] < 2)
                throw new ArgumentException($"Factor '{factorNames[k]}' has {factorSizes[k]} value(s); every factor needs at least 2 for the FactorVAE score.");
        var random = new Random(settings.Seed);
        var factorCount = factorSizes.Count;

        var sample = new int[settings.VarianceSamples][];
        for (var i = 0; i < sample.Length; i++) sample[i] = RandomFactors(random, factorSizes);
        var codes = Represent(represent, sample, settings.RowsPerCall, latentCount: null);
        var latentCount = codes.GetLength(1);
        if (latentCount < 1) throw new ArgumentException("The representation returned no latent columns.");
        var globalVariance = ColumnVariances(codes, 0, codes.GetLength(0));
        var globalStd = globalVariance.Select(Math.Sqrt).ToArray();
        var active = globalStd.Select(s => s >= settings.PruneThreshold).ToArray();
        var activeCount = active.Count(a => a);
        var unassigned = Enumerable.Repeat(-1, latentCount).ToArray();
        if (activeCount == 0)
            return new FactorVaeResult(factorNames.ToArray(), 0, 0, 0, globalStd, active, new int[factorCount, latentCount], unassigned, settings);

        var trainVotes = Votes(represent, settings.TrainVotes, random, factorSizes, settings, globalVariance, active);
        var evalVotes = Votes(represent, settings.EvalVotes, random, factorSizes, settings, globalVariance, active);
        var classifier = Enumerable.Repeat(-1, latentCount).ToArray();
        for (var j = 0; j < latentCount; j++)
        {
            var bestVotes = 0;
            for (var k = 0; k < factorCount; k++)
                if (trainVotes[k, j] > bestVotes) (bestVotes, classifier[j]) = (trainVotes[k, j], k);
        }
        return new FactorVaeResult(factorNames.ToArray(), Accuracy(trainVotes, classifier), Accuracy(evalVotes, classifier),
            activeCount, globalStd, active, trainVotes, classifier, settings);
    }

    private static int[,] Votes(Func<int[][], double[,]> represent, int count, Random random, IReadOnlyList<int> factorSizes,
        FactorVaeSettings settings, double[] globalVariance, bool[] active)
    {
        var batch = settings.BatchSize;
        var votesPerCall = settings.RowsPerCall / batch;
        var votes = new int[factorSizes.Count, globalVariance.Length];
        for (var start = 0; start < count; start += votesPerCall)
        {
            var n = Math.Min(votesPerCall, count - start);
            var fixedFactors = new int[n];
            var rows = new int[n * batch][];
            for (var v = 0; v < n; v++)
            {
                var k = fixedFactors[v] = random.Next(factorSizes.Count);
                var first = RandomFactors(random, factorSizes);
                rows[v * batch] = first;
                for (var b = 1; b < batch; b++)
                {
                    var row = RandomFactors(random, factorSizes);
                    row[k] = first[k];
                    rows[v * batch + b] = row;
                }
            }
            var codes = Represent(represent, rows, rows.Length, globalVariance.Length);
            for (var v = 0; v < n; v++)
            {
                var local = ColumnVariances(codes, v * batch, batch);
                var best = -1;
                var bestRatio = double.PositiveInfinity;
                for (var j = 0; j < local.Length; j++)
                    if (active[j] && local[j] / globalVariance[j] < bestRatio) (best, bestRatio) = (j, local[j] / globalVariance[j]);
                votes[fixedFactors[v], best]++;
            }
        }
        return votes;
    }

    private static double Accuracy(int[,] votes, int[] classifier)
    {
        var total = 0;
        var correct = 0;
        for (var j = 0; j < votes.GetLength(1); j++)
            for (var k = 0; k < votes.GetLength(0); k++)
            {
                total += votes[k, j];
                if (classifier[j] == k) correct += votes[k, j];
            }
        return total == 0 ? 0 : correct / (double)total;
    }

    private static int[] RandomFactors(Random random, IReadOnlyList<int> sizes)
    {
        var row = new int[sizes.Count];
        for (var k = 0; k < row.Length; k++) row[k] = random.Next(sizes[k]);
        return row;
    }

    /// <summary>Calls the representation in chunks of at most <paramref name="rowsPerCall"/> rows and stacks the codes.</summary>
    private static double[,] Represent(Func<int[][], double[,]> represent, int[][] rows, int rowsPerCall, int? latentCount)
    {
        double[,]? result = null;
        for (var start = 0; start < rows.Length; start += rowsPerCall)
        {
            var chunk = rows[start..Math.Min(rows.Length, start + rowsPerCall)];
            var codes = represent(chunk) ?? throw new InvalidOperationException("The representation returned null.");
            if (codes.GetLength(0) != chunk.Length)
                throw new InvalidOperationException($"The representation must return one row per factor row; got {codes.GetLength(0)} rows for {chunk.Length}.");
            latentCount ??= codes.GetLength(1);
            if (codes.GetLength(1) != latentCount)
                throw new InvalidOperationException($"The representation returned {codes.GetLength(1)} latents after {latentCount}; it must always return the same number.");
            result ??= new double[rows.Length, latentCount.Value];
            for (var i = 0; i < chunk.Length; i++)
                for (var j = 0; j < latentCount.Value; j++)
                {
                    var v = codes[i, j];
                    if (!double.IsFinite(v)) throw new InvalidOperationException("The representation returned NaN or ∞.");
                    result[start + i, j] = v;
                }
        }
        return result!;
    }

    /// <summary>Unbiased variance (divisor n − 1, as numpy's ddof=1 in the reference) of each column over rows [start, start + count).</summary>
    private static double[] ColumnVariances(double[,] codes, int start, int count)
    {
        var columns = codes.GetLength(1);
        var variances = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            var mean = 0.0;
            for (var i = start; i < start + count; i++) mean += codes[i, j];
            mean /= count;
            var sq = 0.0;
            for (var i = start; i < start + count; i++) sq += (codes[i, j] - mean) * (codes[i, j] - mean);
            variances[j] = sq / (count - 1);
        }
        return variances;
    }
}
