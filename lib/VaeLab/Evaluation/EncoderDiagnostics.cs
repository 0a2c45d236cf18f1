using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>What an encoder learned, over a set of images.</summary>
/// <param name="MeanAbsMean">Average |μ_d(x)| over images and dimensions (0 for an encoder that ignores x and matches the prior).</param>
/// <param name="MeanStd">Average σ_d(x) (1 for the prior).</param>
/// <param name="ActiveUnits">Latent dimensions whose mean varies with the input: Var_x(μ_d(x)) &gt; 0.01 (Burda et al. 2015).</param>
/// <param name="Kl">Average KL(q(z|x) ‖ N(0, I)) in nats.</param>
public sealed record EncoderSummary(double MeanAbsMean, double MeanStd, int ActiveUnits, int LatentSize, double Kl);

public static class EncoderDiagnostics
{
    public static EncoderSummary Summarize(IGaussianVae model, Tensor images, double activeThreshold = 0.01)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mean, logVariance) = model.Encode(images);
        var active = LatentDiagnostics.ActiveUnits(mean, activeThreshold).Count;
        return new EncoderSummary(
            mean.abs().mean().item<float>(), (0.5 * logVariance).exp().mean().item<float>(), (int)active, model.LatentSize,
            KlOf(mean, logVariance).mean().item<float>());
    }

    /// <summary>Decoder means of p(x|z = μ(x)) for a batch, shaped like <paramref name="images"/>.</summary>
    public static Tensor Reconstruct(IGaussianVae model, Tensor images)
    {
        using var noGrad = no_grad();
        var (mean, _) = model.Encode(images);
        return model.DecoderLikelihood.Mean(model.Decode(mean)).reshape(images.shape);
    }

    /// <summary>KL(q(z|x) ‖ N(0, I)) per example from (μ, log σ²), through the distributions vocabulary.</summary>
    internal static Tensor KlOf(Tensor mean, Tensor logVariance)
    {
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        return GaussianKl.Total(GaussianKl.ToStandardNormal(posterior));
    }
}
