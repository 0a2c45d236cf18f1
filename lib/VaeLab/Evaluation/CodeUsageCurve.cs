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
}
