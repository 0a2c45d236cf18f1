using VaeLab.Distributions;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>One point of a <see cref="CodeUsageCurve"/>: usage over the window of training batches ending at a step.</summary>
public sealed record CodeUsagePoint(long Step, int Epoch, double Usage, double Perplexity, int UsedCodes);

/// <summary>
/// Code usage and perplexity during training, read from the codes each training batch chose: pass <see cref="Record"/>
/// as the trainer's <c>OnStep</c> probe. Every <see cref="WindowSteps"/> steps it adds a point computed over the codes of
/// those steps' batches (so a point says which codes the encoder chose lately), then starts a new window.
/// </summary>
public sealed class CodeUsageCurve
{
    private readonly List<CodeUsagePoint> points = [];
    private CodeUsage? window;
    private int stepsInWindow;

    public CodeUsageCurve(int codebookSize, int windowSteps = 20)
    {
        if (codebookSize < 2) throw new ArgumentException($"codebookSize must be at least 2; got {codebookSize}.");
        if (windowSteps < 1) throw new ArgumentException($"windowSteps must be at least 1; got {windowSteps}.");
        CodebookSize = codebookSize;
        WindowSteps = windowSteps;
    }

    public int CodebookSize { get; }

    public int WindowSteps { get; }

    public IReadOnlyList<CodeUsagePoint> Points => points;

    /// <summary>The probe: counts the codes the batch's q(z|x) chose (a <see cref="CodeAssignment"/>).</summary>
    public void Record(StepOutputs report)
    {
        var posterior = report.Output.RequireLatent("CodeUsageCurve").Posterior;
        var codes = (posterior as CodeAssignment
            ?? throw new InvalidOperationException($"CodeUsageCurve needs a discrete-code model (a code assignment as q(z|x)); this model's posterior is a {posterior.GetType().Name}.")).Indices;
        Add(codes, report.Step.GlobalStep, report.Step.Epoch);
    }

    /// <summary>Counts the codes one training step chose (any shape, int64); <paramref name="globalStep"/> counts from 0.</summary>
    public void Add(Tensor codes, long globalStep, int epoch)
    {
        var batch = CodeUsage.FromIndices(codes, CodebookSize);
        window = window is null ? batch : window.Plus(batch);
        if (++stepsInWindow < WindowSteps) return;
        points.Add(new CodeUsagePoint(globalStep + 1, epoch, window.Usage, window.Perplexity, window.UsedCodes));
        window = null;
        stepsInWindow = 0;
    }

    /// <summary>The point-by-point mean of curves recorded with the same window over the same number of steps (e.g. one run
    /// per seed): usage, perplexity and used codes averaged; step and epoch from the first curve.</summary>
    public static IReadOnlyList<CodeUsagePoint> Mean(IEnumerable<CodeUsageCurve> curves)
    {
        var list = curves.Select(c => c.Points).ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one curve.");
        var length = list.Min(p => p.Count);
        return [.. Enumerable.Range(0, length).Select(i => new CodeUsagePoint(list[0][i].Step, list[0][i].Epoch,
            list.Average(p => p[i].Usage), list.Average(p => p[i].Perplexity), (int)Math.Round(list.Average(p => p[i].UsedCodes))))];
    }

    /// <summary>
    /// How much a measurement of a curve (<paramref name="value"/>: usage, perplexity, …) changed over the last
    /// <paramref name="fraction"/> of training, as a share of its level: (late − early) / max(|late|, |early|), where late
    /// averages the last <paramref name="span"/> points and early the <paramref name="span"/> points ending
    /// (1 − fraction) of the way (averaging smooths a window's noise). In [−1, 1]; 0 for fewer than two points or a
    /// measurement that is 0 at both ends. A relative change lets one tolerance serve a codebook at 2 % usage and one at 70 %.
    /// </summary>
    public static double LateChange(IReadOnlyList<CodeUsagePoint> points, Func<CodeUsagePoint, double> value, double fraction = 0.25, int span = 2)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentException($"fraction must be in (0, 1]; got {fraction}.");
        if (span < 1) throw new ArgumentException($"span must be at least 1; got {span}.");
        if (points.Count < 2) return 0;
        var from = Math.Min((int)Math.Floor((1 - fraction) * (points.Count - 1)), points.Count - 2);
        double Average(int last) => Enumerable.Range(Math.Max(0, last - span + 1), Math.Min(span, last + 1)).Average(i => value(points[i]));
        var (early, late) = (Average(from), Average(points.Count - 1));
        var level = Math.Max(Math.Abs(early), Math.Abs(late));
        return level == 0 ? 0 : (late - early) / level;
    }

    /// <summary>
    /// The change <see cref="LateChange"/> measures, judged against what counts as no change for this curve: a band of
    /// ± the largest of <paramref name="relativeTolerance"/> × the level, <paramref name="absoluteFloor"/> (e.g. one code
    /// of usage, for a codebook that uses two or three) and <paramref name="noiseMultiple"/> × the curve's own noise — the
    /// standard deviation that the difference of two <paramref name="span"/>-point averages would have if the curve were
    /// flat, estimated from its window-to-window steps over the stretch judged (half the mean squared successive
    /// difference, von Neumann's estimator, which a slow trend barely inflates). So a curve that only jitters by a code
    /// or two around a low level reads as flat, and a steady rise or fall larger than its jitter does not.
    /// </summary>
    public static LateChangeReading JudgeLateChange(IReadOnlyList<CodeUsagePoint> points, Func<CodeUsagePoint, double> value,
        double relativeTolerance, double absoluteFloor, double noiseMultiple = 2, double fraction = 0.25, int span = 2)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(value);
        if (!(relativeTolerance >= 0)) throw new ArgumentException($"relativeTolerance must be 0 or more; got {relativeTolerance}.");
        if (!(absoluteFloor > 0)) throw new ArgumentException($"absoluteFloor must be above 0 (the smallest change that can count); got {absoluteFloor}.");
        if (!(noiseMultiple >= 0)) throw new ArgumentException($"noiseMultiple must be 0 or more; got {noiseMultiple}.");
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentException($"fraction must be in (0, 1]; got {fraction}.");
        if (span < 1) throw new ArgumentException($"span must be at least 1; got {span}.");
        if (points.Count < 2) return new LateChangeReading(0, 0, absoluteFloor, 0);
        var from = Math.Min((int)Math.Floor((1 - fraction) * (points.Count - 1)), points.Count - 2);
        double Average(int last) => Enumerable.Range(Math.Max(0, last - span + 1), Math.Min(span, last + 1)).Average(i => value(points[i]));
        var (early, late) = (Average(from), Average(points.Count - 1));
        var first = Math.Max(0, from - span + 1);
        var steps = Enumerable.Range(first, points.Count - 1 - first).Select(i => value(points[i + 1]) - value(points[i])).ToList();
        var pointNoise = Math.Sqrt(steps.Average(d => d * d) / 2);
        var noise = pointNoise * Math.Sqrt(2.0 / span);
        var level = Math.Max(Math.Abs(early), Math.Abs(late));
        var band = Math.Max(Math.Max(relativeTolerance * level, absoluteFloor), noiseMultiple * noise);
        return new LateChangeReading(early, late, band, noise);
    }
}

/// <summary>
/// A curve's change over the last part of training (<see cref="CodeUsageCurve.JudgeLateChange"/>): the averages at the
/// start and the end of the stretch, the ± band inside which the change counts as none, and the curve's own noise.
/// </summary>
public sealed record LateChangeReading(double Early, double Late, double Band, double Noise)
{
    public double Change => Late - Early;

    /// <summary>max(|early|, |late|): what <see cref="Relative"/> divides by.</summary>
    public double Level => Math.Max(Math.Abs(Early), Math.Abs(Late));

    /// <summary>The change as a share of the level (as <see cref="CodeUsageCurve.LateChange"/>); 0 when the level is 0.</summary>
    public double Relative => Level == 0 ? 0 : Change / Level;

    /// <summary>The band as a share of the level (∞ when the level is 0).</summary>
    public double RelativeBand => Level == 0 ? double.PositiveInfinity : Band / Level;

    /// <summary>The change in units of the band: within ±1 is no change. Over seeds, <c>SeedSpread.Of(…).Verdict(1)</c>
    /// says flat (every seed within its band), rising or falling (every seed beyond its band the same way), or not settled.</summary>
    public double InBands => Change / Band;
}
