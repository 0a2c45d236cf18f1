namespace VaeLab.Evaluation.Disentanglement;

/// <summary>Settings of <see cref="SapScore"/>: the share of examples held out for testing and the split's seed.</summary>
public sealed record SapSettings(double TestFraction = 1.0 / 3, int Seed = 0)
{
    public void Validate()
    {
        if (TestFraction is <= 0 or >= 1 || double.IsNaN(TestFraction))
            throw new ArgumentException($"SapSettings.TestFraction must be strictly between 0 and 1 (e.g. 1/3); got {TestFraction}.");
    }
}

/// <summary>
/// SAP of a set of latent codes: per-factor gaps, their mean, and the latent × factor matrix of test accuracies of the
/// one-latent classifiers (the SAP score matrix).
/// </summary>
public sealed record SapResult(
    IReadOnlyList<string> FactorNames,
    IReadOnlyList<double> PerFactor,
    double Mean,
    double[,] Accuracy,
    int TrainCount,
    int TestCount);

/// <summary>
/// Separated Attribute Predictability (Kumar et al. 2018, §3) for discrete factors, as in disentanglement_lib: for
/// every latent j and factor k, a classifier that sees only latent j predicts factor k; its accuracy on held-out
/// examples fills the score matrix S[j, k]; SAP_k = best − second best entry of column k; SAP = mean over factors.
/// </summary>
/// <remarks>
/// The one-latent classifier here is nearest class mean: the mean of latent j over the training examples of each
/// factor value, and a test example gets the value whose mean is closest (ties to the lower value). It is
/// deterministic, has no hyper-parameters, and like the reference's linear SVM it splits the latent axis into
/// intervals, so it rewards latents that order the factor's values. A latent that knows nothing still scores about
/// chance (1/K for K equally likely values), so a perfect code gives SAP_k ≈ 1 − 1/K, not 1.
/// </remarks>
public static class SapScore
{
    /// <summary>SAP of <paramref name="latents"/> [N, L] (posterior means; L ≥ 2) against <paramref name="factors"/> [N, K].</summary>
    public static SapResult Compute(double[,] latents, int[,] factors, IReadOnlyList<string> factorNames, SapSettings? settings = null)
    {
        settings ??= new SapSettings();
        settings.Validate();
        FactorCodeInput.Check(latents, factors, factorNames, minLatents: 2);
        var split = TrainTestSplit.Make(latents.GetLength(0), settings.TestFraction, settings.Seed);
        var latentCount = latents.GetLength(1);
        var factorCount = factors.GetLength(1);
        var accuracy = new double[latentCount, factorCount];
        for (var k = 0; k < factorCount; k++)
        {
            var trainLabels = FactorCodeInput.Column(factors, k, split.Train);
            var testLabels = FactorCodeInput.Column(factors, k, split.Test);
            for (var j = 0; j < latentCount; j++)
            {
                // SAP's one-latent classifier: the nearest class mean of latent j (ties to the lower class).
                var classifier = NearestCentroid.Fit(Rows(FactorCodeInput.Column(latents, j, split.Train)), trainLabels);
                accuracy[j, k] = classifier.Accuracy(Rows(FactorCodeInput.Column(latents, j, split.Test)), testLabels);
            }
        }
        var gaps = new double[factorCount];
        for (var k = 0; k < factorCount; k++)
        {
            var column = Enumerable.Range(0, latentCount).Select(j => accuracy[j, k]).OrderDescending().ToArray();
            gaps[k] = column[0] - column[1];
        }
        return new SapResult(factorNames.ToArray(), gaps, gaps.Average(), accuracy, split.Train.Count, split.Test.Count);
    }

    private static double[][] Rows(double[] values) => values.Select(v => new[] { v }).ToArray();
}
