using System.Globalization;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// What notebook 03 §3 reads off its two variance sweeps (against the number of samples S at fixed D, against the
/// dimension D at fixed S): each estimator's fitted exponents, the variance ratios at every D, and the sentences that
/// compare them — so the words come from the run's numbers.
/// </summary>
public sealed class VarianceReading
{
    public const string Score = "score function";
    public const string Baseline = "score function + baseline";
    public const string Pathwise = "pathwise";

    private VarianceReading(IReadOnlyList<VariancePoint> bySamples, IReadOnlyList<VariancePoint> byDimension)
    {
        SampleExponents = Names.ToDictionary(n => n, n => VarianceStudy.LogLogSlope(bySamples.Where(p => p.SamplesPerRun >= 2), n, "samples"));
        DimensionExponents = Names.ToDictionary(n => n, n => VarianceStudy.LogLogSlope(byDimension, n, "dimension"));
        var scoreOverPathwise = VarianceStudy.Ratios(byDimension, Score, Pathwise);
        var scoreOverBaseline = VarianceStudy.Ratios(byDimension, Score, Baseline);
        var baselineOverPathwise = VarianceStudy.Ratios(byDimension, Baseline, Pathwise);
        Ratios = scoreOverPathwise.Select((r, i) => new DimensionRatios(r.Dimension, r.SamplesPerRun, r.Ratio, scoreOverBaseline[i].Ratio, baselineOverPathwise[i].Ratio))
            .OrderBy(r => r.Dimension).ToList();
        var pathwise = byDimension.Where(p => p.Estimator == Pathwise).ToList();
        PathwiseDrift = pathwise.Max(p => p.Variance) / pathwise.Min(p => p.Variance);
    }

    /// <summary>The three estimators, in the order the notebook prints them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Score, Baseline, Pathwise];

    /// <summary>Variance ∝ S^a: a per estimator (from S ≥ 2, where the leave-one-out baseline exists).</summary>
    public IReadOnlyDictionary<string, double> SampleExponents { get; }

    /// <summary>Variance ∝ D^b: b per estimator.</summary>
    public IReadOnlyDictionary<string, double> DimensionExponents { get; }

    /// <summary>Variance ratios at each swept D (at the fixed S of the dimension sweep), smallest D first.</summary>
    public IReadOnlyList<DimensionRatios> Ratios { get; }

    /// <summary>Largest over smallest pathwise variance across D (1 means flat).</summary>
    public double PathwiseDrift { get; }

    /// <summary>The ratios at the first D ≥ 16 (or the largest D swept, if none).</summary>
    public DimensionRatios Small => Ratios.FirstOrDefault(r => r.Dimension >= 16) ?? Ratios[^1];

    /// <summary>The ratios at the largest D swept.</summary>
    public DimensionRatios Largest => Ratios[^1];

    /// <summary>The share of the score-function variance the baseline removed at the largest D: 1 − 1/(score / (score+baseline)).</summary>
    public double BaselineRemovedAtLargest => 1 - 1 / Largest.ScoreOverBaseline;

    public static VarianceReading Of(IReadOnlyList<VariancePoint> bySamples, IReadOnlyList<VariancePoint> byDimension)
    {
        ArgumentNullException.ThrowIfNull(bySamples);
        ArgumentNullException.ThrowIfNull(byDimension);
        return new VarianceReading(bySamples, byDimension);
    }

    /// <summary>The exponents and the ratio table, as printed lines.</summary>
    public IEnumerable<string> Table()
    {
        foreach (var name in Names)
            yield return $"{name,-28} variance ∝ S^{F(SampleExponents[name], 3)}   ∝ D^{F(DimensionExponents[name], 3)}";
        yield return "";
        yield return $"variance ratios at S = {Ratios[0].SamplesPerRun}:";
        yield return $"{"D",6}{"score / pathwise",20}{"score / (score+baseline)",28}{"(score+baseline) / pathwise",30}";
        foreach (var r in Ratios)
            yield return $"{r.Dimension,6}{F(r.ScoreOverPathwise),20}{F(r.ScoreOverBaseline),28}{F(r.BaselineOverPathwise),30}";
    }

    /// <summary>The sentences that read the table: exponents of S, flatness in D, and what the baseline removed and left.</summary>
    public IEnumerable<string> Verdicts()
    {
        var nearMinusOne = Names.All(n => Math.Abs(SampleExponents[n] + 1) < 0.15);
        yield return $"Exponents of S: {string.Join(", ", Names.Select(n => $"{n} {F(SampleExponents[n])}"))} — " +
                     (nearMinusOne ? "all within 0.15 of −1: averaging S samples divides the variance by about S."
                                   : "not all within 0.15 of −1 (the baseline itself improves with S).");
        yield return $"Across D = {Ratios[0].Dimension}…{Largest.Dimension} the pathwise variance varied by a factor {F(PathwiseDrift)} " +
                     $"({(PathwiseDrift < 1.5 ? "flat in D" : "not flat in D")}); the score-function variance grew like D^{F(DimensionExponents[Score])}.";
        var removed = BaselineRemovedAtLargest;
        var percent = removed > 0.999 ? ">99.9" : (100 * removed).ToString("F1", CultureInfo.InvariantCulture);
        var first = Ratios[0];
        yield return $"At D = {Largest.Dimension} the baseline removed {percent} % of the score-function variance, but not the rest: what remained " +
                     $"was {Times(Largest.BaselineOverPathwise)}× the pathwise variance, up from {Times(first.BaselineOverPathwise)}× at D = {first.Dimension} " +
                     $"(it grew like D^{F(DimensionExponents[Baseline])} while the pathwise variance stayed {(PathwiseDrift < 1.5 ? "flat" : "within a factor " + F(PathwiseDrift))}).";
    }
}

/// <summary>Variance ratios of the three estimators at one dimension D (and the S the sweep used).</summary>
public sealed record DimensionRatios(int Dimension, int SamplesPerRun, double ScoreOverPathwise, double ScoreOverBaseline, double BaselineOverPathwise);
