namespace VaeLab.Numerics;

/// <summary>
/// Least-squares growth rates a notebook reads off its own measurements (instead of asserting them in prose): the
/// slope of a log–log line (Monte Carlo error ∝ n^slope) and the factor per step of an exponential (time ∝ factor^n).
/// </summary>
public static class GrowthFit
{
    /// <summary>Slope b of log y = a + b·log x (both logs natural); −0.5 for an error falling like 1/√n.</summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Slope(x.Select(v => Math.Log(v)).ToArray(), Positive(y).Select(v => Math.Log(v)).ToArray());

    /// <summary>The factor e^b of log y = a + b·x: how many times y grows per unit step of x (2 for a doubling).</summary>
    public static double FactorPerStep(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        Math.Exp(Slope(x.ToArray(), Positive(y).Select(v => Math.Log(v)).ToArray()));

    private static IReadOnlyList<double> Positive(IReadOnlyList<double> y) =>
        y.All(v => v > 0) ? y : throw new ArgumentException("GrowthFit needs positive y values (it fits their logarithm).");

    private static double Slope(double[] x, double[] y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"GrowthFit: {x.Length} x values for {y.Length} y values.");
        if (x.Length < 2) throw new ArgumentException("GrowthFit needs at least two points.");
        var (mx, my) = (x.Average(), y.Average());
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        if (sxx == 0) throw new ArgumentException("GrowthFit needs at least two distinct x values.");
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
    }
}
