using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// Many independent estimates of the gradient the reconstruction term sends to the encoder's outputs (μ, log σ²) on one
/// batch, for a mode: their mean (the gradient the mode follows on average) and their variance.
/// </summary>
/// <param name="Variance">Variance of one estimate, averaged over images and coordinates.</param>
/// <param name="Mean">Average estimate, flattened from [N, 2·latent] (μ part then log σ² part).</param>
/// <param name="CoordinateVariances">Variance of one estimate per coordinate, in the same order as <paramref name="Mean"/>.</param>
public sealed record EncoderGradientSpread(EncoderGradientMode Mode, int Draws, double Variance, double[] Mean, double[] CoordinateVariances)
{
    /// <summary>
    /// Mean over coordinates of z² = (mean₁ − mean₂)² / (var₁/draws₁ + var₂/draws₂): about 1 when both spreads estimate the
    /// same gradient (the differences are pure Monte Carlo noise), much larger when they do not.
    /// </summary>
    public double MeanSquaredZ(EncoderGradientSpread other)
    {
        double total = 0;
        var counted = 0;
        for (var i = 0; i < Mean.Length; i++)
        {
            var noise = CoordinateVariances[i] / Draws + other.CoordinateVariances[i] / other.Draws;
            if (noise <= 0) continue;
            total += Math.Pow(Mean[i] - other.Mean[i], 2) / noise;
            counted++;
        }
        return counted == 0 ? double.NaN : total / counted;
    }

    /// <summary>Cosine similarity of the mean gradients of two spreads (1 = same direction).</summary>
    public double CosineWith(EncoderGradientSpread other)
    {
        double dot = 0, a = 0, b = 0;
        for (var i = 0; i < Mean.Length; i++)
        {
            dot += Mean[i] * other.Mean[i];
            a += Mean[i] * Mean[i];
            b += other.Mean[i] * other.Mean[i];
        }
        return dot / Math.Sqrt(a * b);
    }

    /// <summary>Measures <paramref name="draws"/> estimates at the model's current parameters.</summary>
    public static EncoderGradientSpread Measure(IGaussianVae model, Tensor x, EncoderGradientMode mode, int draws)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        using var scope = NewDisposeScope();
        Tensor mean, logVariance;
        using (no_grad())
        {
            (mean, logVariance) = model.Encode(x);
        }
        var estimates = new List<Tensor>();
        for (var d = 0; d < draws; d++)
        {
            var m = mean.detach().clone().requires_grad_();
            var lv = logVariance.detach().clone().requires_grad_();
            var batch = ElboSurrogate.FromEncoding(model, x, m, lv, mode);
            // Per-image gradient of the summed reconstruction term (the loss is a batch mean, hence × N).
            var reconstruction = batch.ReconstructionSurrogate * x.shape[0];
            if (reconstruction.requires_grad) reconstruction.backward();
            estimates.Add(cat([m.grad ?? zeros_like(m), lv.grad ?? zeros_like(lv)], 1).detach());
        }
        if (model is nn.Module module) module.zero_grad(); // backward also reached the decoder's parameters
        var stacked = stack(estimates);
        var variances = stacked.var(new long[] { 0 }).flatten().to_type(ScalarType.Float64);
        return new EncoderGradientSpread(
            mode, draws, variances.mean().item<double>(),
            stacked.mean(new long[] { 0 }).flatten().to_type(ScalarType.Float64).data<double>().ToArray(),
            variances.data<double>().ToArray());
    }
}
