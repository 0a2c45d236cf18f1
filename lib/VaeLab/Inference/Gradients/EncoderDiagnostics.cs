using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>What an encoder learned, over a set of images.</summary>
/// <param name="MeanAbsMean">Average |μ_d(x)| over images and dimensions (0 for an encoder that ignores x and matches the prior).</param>
/// <param name="MeanStd">Average σ_d(x) (1 for the prior).</param>
/// <param name="ActiveUnits">Latent dimensions whose mean varies with the input: Var_x(μ_d(x)) &gt; 0.01 (Burda et al. 2015).</param>
/// <param name="Kl">Average KL(q(z|x) ‖ N(0, I)) in nats.</param>
public sealed record EncoderSummary(double MeanAbsMean, double MeanStd, int ActiveUnits, int LatentSize, double Kl);

public static class EncoderDiagnostics
{
    public static EncoderSummary Summarize(Models.IGaussianVae model, Tensor images, double activeThreshold = 0.01)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, logVariance) = model.Encode(images);
        var active = Evaluation.LatentDiagnostics.ActiveUnits(mean, activeThreshold).Count;
        return new EncoderSummary(
            mean.abs().mean().item<float>(), (0.5 * logVariance).exp().mean().item<float>(), (int)active, model.LatentSize,
            KlOf(mean, logVariance).mean().item<float>());
    }

    /// <summary>Decoder means of p(x|z = μ(x)) for a batch, shaped like <paramref name="images"/>.</summary>
    public static Tensor Reconstruct(Models.IGaussianVae model, Tensor images)
    {
        using var noGrad = no_grad();
        var (mean, _) = model.Encode(images);
        return model.Likelihood.Mean(model.Decode(mean)).reshape(images.shape);
    }

    /// <summary>
    /// Runs <paramref name="model"/> forward on <paramref name="images"/> with its current <see cref="Models.GaussianVae.Sampling"/>,
    /// backpropagates log p(x|z) summed over the batch, and returns whether the sampled z carried a gradient and the summed
    /// norm of the gradient that reached the encoder's weights (parameters whose name starts with "encoder"). The model's
    /// gradients are zeroed before and after.
    /// </summary>
    public static (bool LatentRequiresGrad, double EncoderGradientNorm) LikelihoodGradientToEncoder(Models.GaussianVae model, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.zero_grad();
        using var scope = NewDisposeScope();
        var output = model.call(images);
        output.LogLikelihood.sum().backward();
        var norm = model.named_parameters().Where(p => p.name.StartsWith("encoder", StringComparison.Ordinal))
            .Sum(p => p.parameter.grad is null ? 0.0 : p.parameter.grad.norm().item<float>());
        var requiresGrad = output.Latent?.requires_grad ?? false;
        model.zero_grad();
        return (requiresGrad, norm);
    }

    /// <summary>KL(q(z|x) ‖ N(0, I)) per example from (μ, log σ²), through the distributions vocabulary.</summary>
    internal static Tensor KlOf(Tensor mean, Tensor logVariance)
    {
        using var posterior = VaeLab.Distributions.DiagonalNormal.FromLogVariance(mean, logVariance);
        return VaeLab.Distributions.GaussianKl.Total(VaeLab.Distributions.GaussianKl.ToStandardNormal(posterior));
    }
}

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
    public static EncoderGradientSpread Measure(Models.IGaussianVae model, Tensor x, EncoderGradientMode mode, int draws)
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
        if (model is TorchSharp.torch.nn.Module module) module.zero_grad(); // backward also reached the decoder's parameters
        var stacked = stack(estimates);
        var variances = stacked.var(new long[] { 0 }).flatten().to_type(ScalarType.Float64);
        return new EncoderGradientSpread(
            mode, draws, variances.mean().item<double>(),
            stacked.mean(new long[] { 0 }).flatten().to_type(ScalarType.Float64).data<double>().ToArray(),
            variances.data<double>().ToArray());
    }
}
