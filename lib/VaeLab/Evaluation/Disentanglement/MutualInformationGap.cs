namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// MIG of a set of latent codes: <see cref="PerFactor"/> gaps in <see cref="FactorNames"/> order, their
/// <see cref="Mean"/>, and the whole latent × factor mutual-information matrix in nats (rows latents, columns factors),
/// the matrix a heatmap shows.
/// </summary>
public sealed record MigResult(
    IReadOnlyList<string> FactorNames,
    IReadOnlyList<double> PerFactor,
    double Mean,
    double[,] MutualInformation,
    IReadOnlyList<double> FactorEntropies,
    int Bins);

/// <summary>
/// Mutual Information Gap (Chen et al. 2018, eq. 6), computed as disentanglement_lib does: each latent is
/// discretised into <c>bins</c> equal-width histogram bins over its range, its discrete mutual information
/// I(z_j; v_k) with every factor is counted, and for each factor
/// MIG_k = (I(z_(1); v_k) − I(z_(2); v_k)) / H(v_k), the gap between the most and the second most informative latent,
/// normalised by the factor's entropy. MIG = mean over factors. 1 means each factor is captured by one latent alone;
/// 0 means the two best latents know equally much about it.
/// </summary>
/// <remarks>
/// Chen et al.'s own estimator (sampled entropies of q(z_j), the shape factor left out) differs, so its numbers are
/// not comparable with these. MIG does not penalise one latent that encodes two factors: that latent simply tops
/// both columns.
/// </remarks>
public static class MutualInformationGap
{
    public const int DefaultBins = 20;

    /// <summary>MIG of <paramref name="latents"/> [N, L] (posterior means; L ≥ 2) against <paramref name="factors"/> [N, K].</summary>
    public static MigResult Compute(double[,] latents, int[,] factors, IReadOnlyList<string> factorNames, int bins = DefaultBins)
    {
        FactorCodeInput.Check(latents, factors, factorNames, minLatents: 2);
        if (bins < 2) throw new ArgumentException($"Discretise latents into at least 2 bins; got {bins}.");
        var latentCount = latents.GetLength(1);
        var factorCount = factors.GetLength(1);
        var binned = new int[latentCount][];
        for (var j = 0; j < latentCount; j++) binned[j] = DiscreteInformation.HistogramBins(FactorCodeInput.Column(latents, j), bins);
        var factorColumns = new int[factorCount][];
        var entropies = new double[factorCount];
        for (var k = 0; k < factorCount; k++)
        {
            factorColumns[k] = FactorCodeInput.Column(factors, k);
            entropies[k] = DiscreteInformation.Entropy(factorColumns[k]);
        }
        var mi = new double[latentCount, factorCount];
        for (var j = 0; j < latentCount; j++)
            for (var k = 0; k < factorCount; k++)
                mi[j, k] = DiscreteInformation.MutualInformation(binned[j], factorColumns[k]);
        var gaps = new double[factorCount];
        for (var k = 0; k < factorCount; k++)
        {
            double best = double.NegativeInfinity, second = double.NegativeInfinity;
            for (var j = 0; j < latentCount; j++)
            {
                var v = mi[j, k];
                if (v > best) (best, second) = (v, best);
                else if (v > second) second = v;
            }
            gaps[k] = (best - second) / entropies[k];
        }
        return new MigResult(factorNames.ToArray(), gaps, gaps.Average(), mi, entropies, bins);
    }
}
