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
/// Runs the three terms of the VQ-VAE loss (van den Oord et al. 2017, eq. 3) on a small random example through a
/// <see cref="VectorQuantizer"/> and reads the gradients autograd produces: the reconstruction side through the
/// straight-through estimator (z_q = z_e + sg[e − z_e]), the codebook loss ‖sg[z_e] − e‖² and the commitment loss
/// ‖z_e − sg[e]‖².
/// </summary>
public static class QuantizerGradients
{
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
