using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Models.Quantizers;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// One point of a <see cref="CodeGeometryCurve"/>, averaged over a window of training steps: how far the encoder's
/// outputs were from the codes they chose (root mean square over grid positions, √(D · commitment)), how long the chosen
/// codes were (mean ‖e_k‖ over grid positions), and how many codes were chosen for the first time in training.
/// </summary>
public sealed record CodeGeometryPoint(long Step, double OutputToCodeDistance, double ChosenCodeNorm, int NewCodes);

/// <summary>
/// Where a VQ-VAE's encoder outputs and codes are during training, read from what each training step already computed
/// (the chosen codes, the commitment term) and the codebook after the step: pass <see cref="Record"/> as a trainer probe.
/// It shows why usage differs between codebook updates: when the outputs run far from every code, the nearest code is
/// decided by direction alone and a few codes take everything.
/// </summary>
public sealed class CodeGeometryCurve
{
    private readonly VectorQuantizer quantizer;
    private readonly bool[] everChosen;
    private readonly List<CodeGeometryPoint> points = [];
    private double distanceSum;
    private double normSum;
    private int newCodes;
    private int stepsInWindow;

    public CodeGeometryCurve(VectorQuantizer quantizer, int windowSteps = 20)
    {
        ArgumentNullException.ThrowIfNull(quantizer);
        if (windowSteps < 1) throw new ArgumentException($"windowSteps must be at least 1; got {windowSteps}.");
        this.quantizer = quantizer;
        WindowSteps = windowSteps;
        everChosen = new bool[quantizer.Options.CodebookSize];
    }

    public int WindowSteps { get; }

    public IReadOnlyList<CodeGeometryPoint> Points => points;

    /// <summary>The probe (the model must report its codes and a commitment term, as <see cref="VqVae"/> does).</summary>
    public void Record(StepOutputs report)
    {
        var posterior = report.Output.RequireLatent("CodeGeometryCurve").Posterior;
        var codes = (posterior as CodeAssignment
            ?? throw new InvalidOperationException($"CodeGeometryCurve needs a discrete-code model (a code assignment as q(z|x)); this model's posterior is a {posterior.GetType().Name}.")).Indices;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = codes.reshape(-1);
        // The commitment term is ‖z_e − e‖² averaged over positions and channels, so D times it is the mean squared distance.
        var meanSquare = report.Output[Term.Commitment].mean().to_type(ScalarType.Float64).item<double>() * quantizer.Options.CodeDimension;
        distanceSum += Math.Sqrt(Math.Max(meanSquare, 0));
        normSum += quantizer.Codebook.index_select(0, flat).norm(1).mean().to_type(ScalarType.Float64).item<double>();
        var chosen = bincount(flat, minlength: everChosen.Length).data<long>().ToArray();
        for (var k = 0; k < everChosen.Length; k++)
            if (chosen[k] > 0 && !everChosen[k]) { everChosen[k] = true; newCodes++; }
        if (++stepsInWindow < WindowSteps) return;
        points.Add(new CodeGeometryPoint(report.Step.GlobalStep + 1, distanceSum / stepsInWindow, normSum / stepsInWindow, newCodes));
        distanceSum = normSum = 0;
        newCodes = stepsInWindow = 0;
    }

    /// <summary>The point-by-point mean of curves recorded with the same window over the same number of steps.</summary>
    public static IReadOnlyList<CodeGeometryPoint> Mean(IEnumerable<CodeGeometryCurve> curves)
    {
        var list = curves.Select(c => c.Points).ToList();
        if (list.Count == 0) throw new ArgumentException("Give at least one curve.");
        var length = list.Min(p => p.Count);
        return [.. Enumerable.Range(0, length).Select(i => new CodeGeometryPoint(list[0][i].Step, list.Average(p => p[i].OutputToCodeDistance),
            list.Average(p => p[i].ChosenCodeNorm), (int)Math.Round(list.Average(p => p[i].NewCodes))))];
    }
}
