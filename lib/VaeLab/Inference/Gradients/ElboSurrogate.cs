using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// One batch of the single-sample ELBO of a Bernoulli-decoder VAE, with the loss whose gradient is the chosen
/// <see cref="EncoderGradientMode"/>'s estimate. All values are batch means in nats.
/// </summary>
/// <param name="Loss">What to call backward on: −(reconstruction surrogate) + KL.</param>
/// <param name="ReconstructionSurrogate">The part of the loss that carries the reconstruction term's gradient
/// (its value equals −log p(x|z) only in pathwise and detached modes).</param>
/// <param name="Elbo">The true single-sample ELBO estimate log p(x|z) − KL (no gradient).</param>
/// <param name="Reconstruction">log p(x|z) (no gradient).</param>
/// <param name="Kl">KL(q(z|x) ‖ N(0, I)) in closed form (no gradient).</param>
public sealed record ElboBatch(Tensor Loss, Tensor ReconstructionSurrogate, Tensor Elbo, Tensor Reconstruction, Tensor Kl);

public static class ElboSurrogate
{
    /// <summary>Encodes <paramref name="x"/> (values in [0, 1]) and builds the batch's loss for <paramref name="mode"/>.</summary>
    public static ElboBatch Compute(Models.IGaussianVae model, Tensor x, EncoderGradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (mean, logVariance) = model.Encode(x);
        return FromEncoding(model, x, mean, logVariance, mode);
    }

    /// <summary>The same from an encoding already computed (lets a caller measure the gradient reaching μ and log σ²).</summary>
    public static ElboBatch FromEncoding(Models.IGaussianVae model, Tensor x, Tensor mean, Tensor logVariance, EncoderGradientMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (mean.dim() != 2 || mean.shape[0] != x.shape[0] || mean.shape[1] != model.LatentSize)
            throw new ArgumentException(
                $"Expected μ shaped [{x.shape[0]}, {model.LatentSize}] for a batch of {x.shape[0]}; got [{string.Join(", ", mean.shape)}].");
        if (mode == EncoderGradientMode.ScoreFunction && x.shape[0] < 2)
            throw new ArgumentException("The score-function mode's leave-one-out baseline needs a batch of at least 2 examples.", nameof(x));

        var epsilon = randn_like(mean);
        var std = (0.5 * logVariance).exp();
        var z = mode == EncoderGradientMode.Pathwise ? mean + std * epsilon : (mean + std * epsilon).detach();

        var logits = model.Decode(z);
        var target = x.reshape(logits.shape);
        var logLikelihood = -functional.binary_cross_entropy_with_logits(logits, target, reduction: Reduction.None)
            .reshape(x.shape[0], -1).sum(dim: 1);
        var kl = Losses.GaussianKl.Total(mean, logVariance);

        var reconstructionSurrogate = logLikelihood;
        if (mode == EncoderGradientMode.ScoreFunction)
        {
            // The decoder still gets ∇ log p(x|z) directly; the encoder gets (log p − b)·∇ log q(z|x).
            var reward = logLikelihood.detach();
            var baseline = GaussianGradientEstimator.LeaveOneOutMean(reward.unsqueeze(0)).squeeze(0);
            var logQ = Losses.GaussianLogDensity.Diagonal(z, mean, logVariance);
            reconstructionSurrogate = logLikelihood + (reward - baseline) * logQ;
        }

        var loss = (kl - reconstructionSurrogate).mean();
        return new ElboBatch(
            loss, -reconstructionSurrogate.mean(), (logLikelihood - kl).mean().detach(), logLikelihood.mean().detach(), kl.mean().detach());
    }
}
