namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Multinomial logistic regression: p(y = c | x) = softmax_c(b_c + w_c·x), fitted by minimising the mean cross-entropy
/// plus (λ/2) Σ_c ‖w_c‖² (intercepts unpenalised) with Nesterov-accelerated full-batch gradient descent. The objective
/// is convex; the step is 1/L with L = ½ λ_max(X̃ᵀX̃/n) + λ (X̃ = X with a column of ones), Böhning's bound on the
/// Hessian of the softmax cross-entropy, so the iteration is deterministic and never diverges. Starting from zero,
/// the weights of the classes always sum to zero (softmax gradients do), which the penalty's optimum also satisfies.
/// </summary>
internal sealed class SoftmaxRegression
{
    private SoftmaxRegression(double[,] weights, double[] intercepts)
    {
        Weights = weights;
        Intercepts = intercepts;
    }

    /// <summary>[classes, features].</summary>
    public double[,] Weights { get; }

    public double[] Intercepts { get; }

    /// <summary>Fits classes 0 … <paramref name="classCount"/> − 1 on rows <paramref name="x"/> and labels <paramref name="y"/>.</summary>
    public static SoftmaxRegression Fit(double[][] x, int[] y, int classCount, double penalty, int iterations)
    {
        var n = x.Length;
        var d = x[0].Length;
        var p = d + 1; // weights then the intercept, per class
        var step = 1.0 / (0.5 * LargestGramEigenvalue(x) + penalty);
        var theta = new double[classCount * p];
        var previous = new double[classCount * p];
        var look = new double[classCount * p];
        var gradient = new double[classCount * p];
        var logits = new double[classCount];
        for (var t = 1; t <= iterations; t++)
        {
            // Nesterov: evaluate the gradient at the extrapolated point θ + (t − 1)/(t + 2) (θ − θ_prev).
            var momentum = (t - 1.0) / (t + 2.0);
            for (var q = 0; q < look.Length; q++) look[q] = theta[q] + momentum * (theta[q] - previous[q]);
            Array.Clear(gradient);
            for (var i = 0; i < n; i++)
            {
                var row = x[i];
                var max = double.NegativeInfinity;
                for (var c = 0; c < classCount; c++)
                {
                    var s = look[c * p + d];
                    for (var a = 0; a < d; a++) s += look[c * p + a] * row[a];
                    logits[c] = s;
                    max = Math.Max(max, s);
                }
                var sum = 0.0;
                for (var c = 0; c < classCount; c++) sum += logits[c] = Math.Exp(logits[c] - max);
                for (var c = 0; c < classCount; c++)
                {
                    var residual = (logits[c] / sum - (y[i] == c ? 1 : 0)) / n;
                    for (var a = 0; a < d; a++) gradient[c * p + a] += residual * row[a];
                    gradient[c * p + d] += residual;
                }
            }
            Array.Copy(theta, previous, theta.Length);
            for (var c = 0; c < classCount; c++)
                for (var a = 0; a <= d; a++)
                {
                    var q = c * p + a;
                    var g = gradient[q] + (a < d ? penalty * look[q] : 0);
                    theta[q] = look[q] - step * g;
                }
        }
        var weights = new double[classCount, d];
        var intercepts = new double[classCount];
        for (var c = 0; c < classCount; c++)
        {
            for (var a = 0; a < d; a++) weights[c, a] = theta[c * p + a];
            intercepts[c] = theta[c * p + d];
        }
        return new SoftmaxRegression(weights, intercepts);
    }

    /// <summary>The most probable class (ties to the lower class).</summary>
    public int Predict(double[] x)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Intercepts.Length; c++)
        {
            var s = Intercepts[c];
            for (var a = 0; a < x.Length; a++) s += Weights[c, a] * x[a];
            if (s > bestScore) (best, bestScore) = (c, s);
        }
        return best;
    }

    /// <summary>λ_max of X̃ᵀX̃/n by power iteration on the (d + 1)² Gram matrix, with a little head-room.</summary>
    private static double LargestGramEigenvalue(double[][] x)
    {
        var n = x.Length;
        var p = x[0].Length + 1;
        var gram = new double[p, p];
        var augmented = new double[p];
        foreach (var row in x)
        {
            Array.Copy(row, augmented, p - 1);
            augmented[p - 1] = 1;
            for (var a = 0; a < p; a++)
                for (var b = 0; b < p; b++) gram[a, b] += augmented[a] * augmented[b] / n;
        }
        var v = Enumerable.Repeat(1.0 / Math.Sqrt(p), p).ToArray();
        var lambda = 0.0;
        for (var it = 0; it < 100; it++)
        {
            var next = new double[p];
            for (var a = 0; a < p; a++)
                for (var b = 0; b < p; b++) next[a] += gram[a, b] * v[b];
            var norm = Math.Sqrt(next.Sum(e => e * e));
            if (norm == 0) return 1;
            for (var a = 0; a < p; a++) v[a] = next[a] / norm;
            lambda = norm;
        }
        // Power iteration approaches λ_max from below; 10% extra keeps the step safely under 1/L.
        return 1.1 * lambda;
    }
}
