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
}
