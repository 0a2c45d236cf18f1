using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// One batch of the single-sample ELBO, with the loss whose gradient is the chosen <see cref="EncoderGradientMode"/>'s
/// estimate. All values are batch means in nats. Used by the gradient probes of notebook 03 (training itself goes
/// through the Trainer with the same pieces: <see cref="ScoreFunctionSurrogate"/> and <see cref="LatentSampling"/>).
/// </summary>
/// <param name="Loss">What to call backward on: −(reconstruction surrogate) + KL.</param>
/// <param name="ReconstructionSurrogate">The part of the loss that carries the reconstruction term's gradient.</param>
/// <param name="Elbo">The single-sample ELBO estimate log p(x|z) − KL (no gradient).</param>
/// <param name="LogLikelihood">log p(x|z) (no gradient).</param>
/// <param name="Kl">KL(q(z|x) ‖ N(0, I)) in closed form (no gradient).</param>
public sealed record ElboBatch(Tensor Loss, Tensor ReconstructionSurrogate, Tensor Elbo, Tensor LogLikelihood, Tensor Kl);

public static class ElboSurrogate
{
    /// <summary>Encodes <paramref name="x"/> and builds the batch's loss for <paramref name="mode"/>.</summary>
    public static ElboBatch Compute(IGaussianVae model, Tensor x, EncoderGradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (mean, logVariance) = model.Encode(x);
        return FromEncoding(model, x, mean, logVariance, mode);
    }

    /// <summary>The same from an encoding already computed (lets a caller measure the gradient reaching μ and log σ²).</summary>
    public static ElboBatch FromEncoding(IGaussianVae model, Tensor x, Tensor mean, Tensor logVariance, EncoderGradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (mean.dim() != 2 || mean.shape[0] != x.shape[0] || mean.shape[1] != model.LatentSize)
            throw new ArgumentException(
                $"Expected μ shaped [{x.shape[0]}, {model.LatentSize}] for a batch of {x.shape[0]}; got [{string.Join(", ", mean.shape)}].");
        if (mode == EncoderGradientMode.ScoreFunction && x.shape[0] < 2)
            throw new ArgumentException("The score-function mode's leave-one-out baseline needs a batch of at least 2 examples.", nameof(x));

        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var z = mode == EncoderGradientMode.Pathwise ? posterior.rsample() : posterior.sample();
        var logLikelihood = model.DecoderLikelihood.LogProbability(model.Decode(z), x);
        var kl = GaussianKl.Total(GaussianKl.ToStandardNormal(posterior));
        var reconstructionSurrogate = mode == EncoderGradientMode.ScoreFunction
            ? logLikelihood + ScoreFunctionSurrogate.PerExample(logLikelihood, posterior, z)
            : logLikelihood;

        var loss = (kl - reconstructionSurrogate).mean();
        return new ElboBatch(
            loss, -reconstructionSurrogate.mean(), (logLikelihood - kl).mean().detach(), logLikelihood.mean().detach(), kl.mean().detach());
    }
}
