namespace VaeLab.Numerics;

/// <summary>Dense linear algebra for the few-dimensional Gaussians of the classic-inference examples (Cholesky based).</summary>
public static class SmallMatrix
{
    /// <summary>Lower-triangular L with A = L Lᵀ; throws if A is not symmetric positive definite.</summary>
    public static double[,] Cholesky(double[,] a)
    {
        var n = CheckSquare(a);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j <= i; j++)
        {
            var sum = a[i, j];
            for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
            if (i == j)
            {
                if (!(sum > 0)) throw new ArgumentException("The matrix is not positive definite (a covariance or precision must be).", nameof(a));
                l[i, i] = Math.Sqrt(sum);
            }
            else l[i, j] = sum / l[j, j];
        }
        return l;
    }

    public static double LogDeterminant(double[,] a)
    {
        var l = Cholesky(a);
        var sum = 0.0;
        for (var i = 0; i < l.GetLength(0); i++) sum += 2 * Math.Log(l[i, i]);
        return sum;
    }

    public static double[,] Inverse(double[,] a)
    {
        var n = CheckSquare(a);
        var l = Cholesky(a);
        var inverse = new double[n, n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            var x = Solve(l, column);
            for (var i = 0; i < n; i++) inverse[i, j] = x[i];
        }
        return inverse;
    }

    /// <summary>Solves A x = b given A's Cholesky factor.</summary>
    public static double[] Solve(double[,] cholesky, double[] b)
    {
        var n = b.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= cholesky[i, k] * y[k];
            y[i] = sum / cholesky[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++) sum -= cholesky[k, i] * x[k];
            x[i] = sum / cholesky[i, i];
        }
        return x;
    }

    public static double[] Multiply(double[,] a, double[] x)
    {
        var result = new double[a.GetLength(0)];
        if (a.GetLength(1) != x.Length) throw new ArgumentException($"Shapes {a.GetLength(0)}×{a.GetLength(1)} and {x.Length} do not multiply.");
        for (var i = 0; i < result.Length; i++)
        for (var j = 0; j < x.Length; j++) result[i] += a[i, j] * x[j];
        return result;
    }

    /// <summary>KL(N(m0, S0) ‖ N(m1, S1)) = ½[tr(S1⁻¹S0) + (m1−m0)ᵀS1⁻¹(m1−m0) − d + ln|S1| − ln|S0|].</summary>
    public static double GaussianKl(double[] m0, double[,] s0, double[] m1, double[,] s1)
    {
        var d = m0.Length;
        if (m1.Length != d || CheckSquare(s0) != d || CheckSquare(s1) != d) throw new ArgumentException("Means and covariances must share one dimension.");
        var s1Inverse = Inverse(s1);
        var trace = 0.0;
        for (var i = 0; i < d; i++) for (var j = 0; j < d; j++) trace += s1Inverse[i, j] * s0[j, i];
        var diff = new double[d];
        for (var i = 0; i < d; i++) diff[i] = m1[i] - m0[i];
        var quad = 0.0;
        var sd = Multiply(s1Inverse, diff);
        for (var i = 0; i < d; i++) quad += diff[i] * sd[i];
        return 0.5 * (trace + quad - d + LogDeterminant(s1) - LogDeterminant(s0));
    }

    public static double[,] Diagonal(params double[] values)
    {
        var m = new double[values.Length, values.Length];
        for (var i = 0; i < values.Length; i++) m[i, i] = values[i];
        return m;
    }

    private static int CheckSquare(double[,] a)
    {
        if (a.GetLength(0) != a.GetLength(1)) throw new ArgumentException($"Expected a square matrix, got {a.GetLength(0)}×{a.GetLength(1)}.");
        return a.GetLength(0);
    }
}
