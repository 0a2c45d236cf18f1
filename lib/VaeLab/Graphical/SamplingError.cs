namespace VaeLab.Graphical;

/// <summary>How far sampling estimates are from the exact answer, over independent runs.</summary>
public static class SamplingError
{
    /// <summary>
    /// Root-mean-square over runs of the total-variation distance ½ Σ |estimate − exact|, one value per checkpoint.
    /// Runs whose estimate is still undefined (NaN: no accepted sample yet) count as distance 1.
    /// </summary>
    public static double[] RootMeanSquareTotalVariation(IReadOnlyList<IReadOnlyList<double[]>> runs, IReadOnlyList<double> exact)
    {
        if (runs.Count == 0) throw new ArgumentException("Give at least one run.", nameof(runs));
        var checkpoints = runs[0].Count;
        if (runs.Any(r => r.Count != checkpoints)) throw new ArgumentException("Every run must report the same checkpoints.");
        var result = new double[checkpoints];
        for (var c = 0; c < checkpoints; c++)
        {
            var sum = 0.0;
            foreach (var run in runs)
            {
                var estimate = run[c];
                if (estimate.Length != exact.Count) throw new ArgumentException("Estimates and exact answer differ in length.");
                var tv = estimate.Any(double.IsNaN) ? 1 : 0.5 * estimate.Select((p, i) => Math.Abs(p - exact[i])).Sum();
                sum += tv * tv;
            }
            result[c] = Math.Sqrt(sum / runs.Count);
        }
        return result;
    }
}
