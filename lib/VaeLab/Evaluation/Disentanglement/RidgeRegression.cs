namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Linear least squares with an L2 penalty on the weights (not the intercept), solved in closed form:
/// minimise (1/n) Σ_i (y_i − b − w·x_i)² + λ‖w‖². With centred data, w = (XᵀX/n + λI)⁻¹ Xᵀy/n and b = ȳ − w·x̄.
/// </summary>
internal sealed class RidgeRegression
{
    private RidgeRegression(double[] weights, double intercept)
    {
        Weights = weights;
        Intercept = intercept;
    }

    public double[] Weights { get; }

    public double Intercept { get; }

    /// <summary>Fits on rows <paramref name="x"/>[i] (all the same length D) and targets <paramref name="y"/>.</summary>
    public static RidgeRegression Fit(double[][] x, double[] y, double penalty)
    {
        var n = x.Length;
        var d = x[0].Length;
        var xMean = new double[d];
        foreach (var row in x)
            for (var a = 0; a < d; a++) xMean[a] += row[a] / n;
        var yMean = y.Average();
        var gram = new double[d, d];
        var rhs = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = x[i];
            var dy = y[i] - yMean;
            for (var a = 0; a < d; a++)
            {
                var da = row[a] - xMean[a];
                rhs[a] += da * dy / n;
                for (var b = 0; b <= a; b++) gram[a, b] += da * (row[b] - xMean[b]) / n;
            }
        }
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b < a; b++) gram[b, a] = gram[a, b];
            gram[a, a] += penalty;
        }
        var w = SolveSymmetricPositiveDefinite(gram, rhs);
        var intercept = yMean;
        for (var a = 0; a < d; a++) intercept -= w[a] * xMean[a];
        return new RidgeRegression(w, intercept);
    }

    public double Predict(double[] x)
    {
        var y = Intercept;
        for (var a = 0; a < x.Length; a++) y += Weights[a] * x[a];
        return y;
    }

    /// <summary>Cholesky solve of A w = r for a symmetric positive-definite A (the penalty guarantees it).</summary>
    private static double[] SolveSymmetricPositiveDefinite(double[,] a, double[] r)
    {
        var d = r.Length;
        var l = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (s <= 0) throw new InvalidOperationException("Ridge system is not positive definite; use a larger penalty.");
                    l[i, i] = Math.Sqrt(s);
                }
                else l[i, j] = s / l[j, j];
            }
        var z = new double[d];
        for (var i = 0; i < d; i++)
        {
            var s = r[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * z[k];
            z[i] = s / l[i, i];
        }
        var w = new double[d];
        for (var i = d - 1; i >= 0; i--)
        {
            var s = z[i];
            for (var k = i + 1; k < d; k++) s -= l[k, i] * w[k];
            w[i] = s / l[i, i];
        }
        return w;
    }
}
