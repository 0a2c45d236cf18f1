using VaeLab.Numerics;
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
        var w = SmallMatrix.Solve(SmallMatrix.Cholesky(gram), rhs);   // the penalty keeps the system positive definite
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
}
