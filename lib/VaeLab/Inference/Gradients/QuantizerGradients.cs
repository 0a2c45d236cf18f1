using VaeLab.Models.Quantizers;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>Where one loss term of VQ-VAE sends gradient: its norm on the encoder outputs z_e and on the codebook.</summary>
public sealed record QuantizerGradientRow(string Term, double EncoderGradientNorm, double CodebookGradientNorm);

/// <summary>
/// The autograd demonstration of notebook 07: which parameters each VQ-VAE term moves. <see cref="StraightThroughDeviation"/>
/// is max |∂L/∂z_e − ∂L/∂z_q| for a decoder-side loss L: 0 means the encoder received the decoder's gradient unchanged.
/// </summary>
public sealed record QuantizerGradientReport(IReadOnlyList<QuantizerGradientRow> Rows, double StraightThroughDeviation, int Changed, int Positions);

/// <summary>
/// Two encoder outputs that choose the same code, and the gradient each receives from the same decoder gradient g:
/// straight-through hands both g; the rotation trick hands each λRᵀg for its own place in the cell.
/// </summary>
public sealed record RotationTrickContrast(double[] Code, double[] First, double[] Second, double[] DecoderGradient,
    double[] StraightThroughFirst, double[] StraightThroughSecond, double[] RotationFirst, double[] RotationSecond)
{
    /// <summary>The example and both estimators' gradients, one line each.</summary>
    public IReadOnlyList<string> Lines() =>
    [
        $"code e = {V(Code)}; encoder outputs z₁ = {V(First)} and z₂ = {V(Second)} both choose it; decoder gradient g = {V(DecoderGradient)} for both.",
        $"straight-through: ∂L/∂z₁ = {V(StraightThroughFirst)}, ∂L/∂z₂ = {V(StraightThroughSecond)} — " +
            (StraightThroughFirst.SequenceEqual(StraightThroughSecond) ? "the same copy of g for both." : "different."),
        $"rotation trick:   ∂L/∂z₁ = {V(RotationFirst)}, ∂L/∂z₂ = {V(RotationSecond)} — {RotationAngleDegrees:F0}° apart, lengths " +
            $"{Length(RotationFirst):F2} and {Length(RotationSecond):F2} (λ = ‖e‖/‖z‖ = {Length(Code) / Length(First):F2} and {Length(Code) / Length(Second):F2}).",
    ];

    private static string V(double[] v) => $"({string.Join(", ", v.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})";

    private static double Length(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    /// <summary>Angle in degrees between the two rotation-trick gradients (0 for straight-through's identical copies).</summary>
    public double RotationAngleDegrees => Angle(RotationFirst, RotationSecond);

    private static double Angle(double[] a, double[] b)
    {
        var dot = a.Zip(b, (x, y) => x * y).Sum();
        var norms = Math.Sqrt(a.Sum(x => x * x) * b.Sum(x => x * x));
        return Math.Acos(Math.Clamp(dot / norms, -1, 1)) * 180 / Math.PI;
    }
}

/// <summary>
/// Runs the three terms of the VQ-VAE loss (van den Oord et al. 2017, eq. 3) on a small random example through a
/// <see cref="VectorQuantizer"/> and reads the gradients autograd produces: the reconstruction side through the
/// straight-through estimator (z_q = z_e + sg[e − z_e]), the codebook loss ‖sg[z_e] − e‖² and the commitment loss
/// ‖z_e − sg[e]‖².
/// </summary>
public static class QuantizerGradients
{
    /// <summary>
    /// A two-dimensional example: one code e = (2, 0) among two others, two encoder outputs in its cell at different places
    /// (one shorter than e, one longer and turned), and the decoder gradient g = (0, 1) for both; their gradients through a
    /// straight-through and a rotation-trick <see cref="VectorQuantizer"/>, read by autograd.
    /// </summary>
    public static RotationTrickContrast ContrastRotationTrick()
    {
        using var scope = NewDisposeScope();
        double[] code = [2, 0];
        double[] first = [1.0, 0.3];
        double[] second = [2.5, -0.8];
        double[] g = [0, 1];
        var codebook = tensor(new double[] { 2, 0, -2, 0, 0, 3 }).reshape(3, 2).to_type(ScalarType.Float32);
        double[][] Gradients(bool rotation)
        {
            using var quantizer = new VectorQuantizer(new VectorQuantizerOptions(3, 2, UseRotationTrick: rotation));
            quantizer.SetCodebook(codebook);
            var inputs = tensor(first.Concat(second).ToArray()).reshape(2, 2).to_type(ScalarType.Float32).requires_grad_(true);
            var output = quantizer.call(inputs);
            if (output.Indices.data<long>().Any(k => k != 0))
                throw new InvalidOperationException("Both example outputs must choose the first code.");
            (output.Quantized * tensor(g.Concat(g).ToArray()).reshape(2, 2).to_type(ScalarType.Float32)).sum().backward();
            var gradient = inputs.grad!.to_type(ScalarType.Float64).data<double>().ToArray();
            return [gradient[..2], gradient[2..]];
        }
        var straight = Gradients(false);
        var rotated = Gradients(true);
        return new RotationTrickContrast(code, first, second, g, straight[0], straight[1], rotated[0], rotated[1]);
    }

    public static QuantizerGradientReport Measure(int seed = 0, int codebookSize = 8, int codeDimension = 3)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        using var quantizer = new VectorQuantizer(new VectorQuantizerOptions(codebookSize, codeDimension, Seed: seed));
        quantizer.SetCodebook(randn(codebookSize, codeDimension, generator: generator));
        // z_e stands in for the encoder's output: a leaf, so its .grad is what the encoder's weights would receive.
        var encoderOutput = randn([4, codeDimension, 2, 2], generator: generator).requires_grad_(true);
        var upstream = randn([4, codeDimension, 2, 2], generator: generator);

        var rows = new List<QuantizerGradientRow>();
        double deviation = 0;
        int changed = 0;
        var terms = new (string Name, Func<VectorQuantizerOutput, Tensor> Loss)[]
        {
            ("decoder side (z_q · g)", o => (o.Quantized * upstream).sum()),
            ("codebook ‖sg[z_e] − e‖²", o => o.CodebookLoss.sum()),
            ("commitment ‖z_e − sg[e]‖²", o => o.CommitmentLoss.sum()),
        };
        for (var i = 0; i < terms.Length; i++)
        {
            encoderOutput.grad?.zero_();
            quantizer.Codebook.grad?.zero_();
            var output = quantizer.call(encoderOutput);
            terms[i].Loss(output).backward();
            var encoderGradient = encoderOutput.grad;
            var codebookGradient = quantizer.Codebook.grad;
            rows.Add(new QuantizerGradientRow(terms[i].Name, Norm(encoderGradient), Norm(codebookGradient)));
            if (i == 0)
            {
                // The decoder's gradient ∂L/∂z_q is `upstream`; straight-through hands it to z_e unchanged.
                deviation = encoderGradient is null ? double.PositiveInfinity : (encoderGradient - upstream).abs().max().item<float>();
                changed = (int)(output.Quantized - encoderOutput).abs().sum(1).gt(0).sum().item<long>();
            }
        }
        return new QuantizerGradientReport(rows, deviation, changed, 4 * 2 * 2);
    }

    private static double Norm(Tensor? gradient) => gradient is null ? 0 : gradient.norm().item<float>();
}
