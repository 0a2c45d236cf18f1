namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Settings of <see cref="Dci"/>: held-out share and seed of the split, the L2 penalties of the ridge regressors and the
/// logistic classifiers (per example, on standardised latents), and the classifier's gradient iterations.
/// </summary>
public sealed record DciSettings(
    double TestFraction = 0.3,
    double RidgePenalty = 1e-3,
    double LogisticPenalty = 1e-3,
    int LogisticIterations = 300,
    int Seed = 0)
{
    public void Validate()
    {
        if (TestFraction is <= 0 or >= 1 || double.IsNaN(TestFraction))
            throw new ArgumentException($"DciSettings.TestFraction must be strictly between 0 and 1 (e.g. 0.3); got {TestFraction}.");
        if (!(RidgePenalty > 0) || !(LogisticPenalty > 0))
            throw new ArgumentException($"DciSettings penalties must be positive (they keep the fits unique); got ridge {RidgePenalty} and logistic {LogisticPenalty}.");
        if (LogisticIterations < 1)
            throw new ArgumentException($"DciSettings.LogisticIterations must be at least 1; got {LogisticIterations}.");
    }
}

/// <summary>
/// DCI scores: <see cref="Importance"/> is the latent × factor matrix R (each factor's column sums to 1);
/// disentanglement per latent and overall, completeness per factor and overall, informativeness per factor (test
/// accuracy for a categorical factor, test R² for the others; R² can be slightly negative for a useless code) and
/// their mean.
/// </summary>
public sealed record DciResult(
    IReadOnlyList<string> FactorNames,
    IReadOnlyList<bool> Categorical,
    double Disentanglement,
    double Completeness,
    double Informativeness,
    IReadOnlyList<double> DisentanglementPerLatent,
    IReadOnlyList<double> CompletenessPerFactor,
    IReadOnlyList<double> InformativenessPerFactor,
    double[,] Importance,
    int TrainCount,
    int TestCount);

/// <summary>
/// Disentanglement, completeness and informativeness (Eastwood &amp; Williams 2018, §3) with linear predictors.
/// Latents are standardised (training mean and std). For each factor one predictor reads all latents: a multinomial
/// logistic regression for a categorical factor (importance of latent j = mean over classes of |w_cj|), ridge
/// regression on the standardised factor index otherwise (importance = |w_j|). Each factor's importances are
/// normalised to sum to 1, as tree importances are in the reference, giving R [latents L × factors K]. Then, with
/// P_j = row j of R normalised and ρ_j = row j's share of all importance,
/// D = Σ_j ρ_j (1 − H_K(P_j)) (entropy in base K), and with P̃_k = column k normalised and its share ρ̃_k,
/// C = Σ_k ρ̃_k (1 − H_L(P̃_k)) (base L); I = mean over factors of the test accuracy (categorical) or R² (others).
/// </summary>
/// <remarks>
/// DCI depends on the predictor: disentanglement_lib uses gradient-boosted trees, whose importances capture
/// non-linear use of a latent, so these linear-model values are not comparable with published DCI numbers, and which
/// factors are declared categorical changes them too. A latent that is never used (zero importance row) gets
/// disentanglement 0 and weight 0.
/// </remarks>
public static class Dci
{
    /// <summary>
    /// DCI of <paramref name="latents"/> [N, L] against <paramref name="factors"/> [N, K]. Factors named in
    /// <paramref name="categoricalFactors"/> (e.g. "shape") are classified; the rest are regressed on their index.
    /// </summary>
    public static DciResult Compute(
        double[,] latents,
        int[,] factors,
        IReadOnlyList<string> factorNames,
        IReadOnlyCollection<string> categoricalFactors,
        DciSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(categoricalFactors);
        settings ??= new DciSettings();
        settings.Validate();
        FactorCodeInput.Check(latents, factors, factorNames, minLatents: 1);
        foreach (var name in categoricalFactors)
            if (!factorNames.Contains(name))
                throw new ArgumentException($"Categorical factor '{name}' is not one of the factors ({string.Join(", ", factorNames)}).");
        var categorical = factorNames.Select(categoricalFactors.Contains).ToArray();
        var split = TrainTestSplit.Make(latents.GetLength(0), settings.TestFraction, settings.Seed);
        var (train, test) = Standardise(latents, split);
        var latentCount = latents.GetLength(1);
        var factorCount = factors.GetLength(1);

        var importance = new double[latentCount, factorCount];
        var informativeness = new double[factorCount];
        for (var k = 0; k < factorCount; k++)
        {
            var yTrain = FactorCodeInput.Column(factors, k, split.Train);
            var yTest = FactorCodeInput.Column(factors, k, split.Test);
            var column = new double[latentCount];
            if (categorical[k])
            {
                var classCount = Math.Max(yTrain.Max(), yTest.Max()) + 1;
                var model = SoftmaxRegression.Fit(train, yTrain, classCount, settings.LogisticPenalty, settings.LogisticIterations);
                for (var j = 0; j < latentCount; j++)
                {
                    for (var c = 0; c < classCount; c++) column[j] += Math.Abs(model.Weights[c, j]);
                    column[j] /= classCount;
                }
                informativeness[k] = Enumerable.Range(0, test.Length).Count(i => model.Predict(test[i]) == yTest[i]) / (double)test.Length;
            }
            else
            {
                // Standardise the target too, so the weights are in "factor stds per latent std".
                var mean = yTrain.Average();
                var std = Math.Sqrt(yTrain.Select(v => (v - mean) * (v - mean)).Average());
                if (std == 0) std = 1;
                var model = RidgeRegression.Fit(train, yTrain.Select(v => (v - mean) / std).ToArray(), settings.RidgePenalty);
                for (var j = 0; j < latentCount; j++) column[j] = Math.Abs(model.Weights[j]);
                informativeness[k] = RSquared(test.Select(model.Predict).ToArray(), yTest.Select(v => (v - mean) / std).ToArray());
            }
            var total = column.Sum();
            for (var j = 0; j < latentCount; j++) importance[j, k] = total > 0 ? column[j] / total : 0;
        }

        var (disentanglementPerLatent, disentanglement) = WeightedOneMinusEntropy(importance, alongRows: true);
        var (completenessPerFactor, completeness) = WeightedOneMinusEntropy(importance, alongRows: false);
        return new DciResult(factorNames.ToArray(), categorical, disentanglement, completeness, informativeness.Average(),
            disentanglementPerLatent, completenessPerFactor, informativeness, importance, split.Train.Count, split.Test.Count);
    }

    /// <summary>
    /// For each row (alongRows) or column of R: 1 − H(normalised entries) in base = their count, and the sum of these
    /// weighted by the row's (column's) share of the total importance. One entry per row means base 1: scored 1.
    /// </summary>
    internal static (double[] PerItem, double Weighted) WeightedOneMinusEntropy(double[,] importance, bool alongRows)
    {
        var items = importance.GetLength(alongRows ? 0 : 1);
        var entries = importance.GetLength(alongRows ? 1 : 0);
        double At(int item, int entry) => alongRows ? importance[item, entry] : importance[entry, item];
        var grandTotal = 0.0;
        foreach (var v in importance) grandTotal += v;
        var perItem = new double[items];
        var weighted = 0.0;
        for (var i = 0; i < items; i++)
        {
            var total = 0.0;
            for (var e = 0; e < entries; e++) total += At(i, e);
            if (total <= 0) continue;
            var h = 0.0;
            for (var e = 0; e < entries; e++)
            {
                var p = At(i, e) / total;
                if (p > 0) h -= p * Math.Log(p);
            }
            perItem[i] = entries == 1 ? 1 : 1 - h / Math.Log(entries);
            weighted += total / grandTotal * perItem[i];
        }
        return (perItem, weighted);
    }

    private static (double[][] Train, double[][] Test) Standardise(double[,] latents, TrainTestSplit split)
    {
        var d = latents.GetLength(1);
        var mean = new double[d];
        var std = new double[d];
        for (var j = 0; j < d; j++)
        {
            var column = FactorCodeInput.Column(latents, j, split.Train);
            mean[j] = column.Average();
            std[j] = Math.Sqrt(column.Select(v => (v - mean[j]) * (v - mean[j])).Average());
        }
        double[][] Rows(IReadOnlyList<int> rows) => rows.Select(i =>
        {
            var row = new double[d];
            // A constant latent stays 0 and so gets no weight.
            for (var j = 0; j < d; j++) row[j] = std[j] > 0 ? (latents[i, j] - mean[j]) / std[j] : 0;
            return row;
        }).ToArray();
        return (Rows(split.Train), Rows(split.Test));
    }

    private static double RSquared(double[] predicted, double[] actual)
    {
        var mean = actual.Average();
        double residual = 0, total = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return total == 0 ? 0 : 1 - residual / total;
    }
}
