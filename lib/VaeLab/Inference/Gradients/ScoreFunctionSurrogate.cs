using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// The score-function (REINFORCE) estimator of ∇_φ E_q[log p(x|z)] as a surrogate term: its value is zero and its
/// gradient is (log p(x|z) − b)·∇_φ log q_φ(z|x), with b the leave-one-out batch mean of log p(x|z) (a baseline that
/// keeps the estimate unbiased; Williams 1992, Mnih &amp; Gregor 2014). Used with a model that samples z with
/// <see cref="LatentSampling.Detached"/>, so this term is the encoder's only route to the reconstruction signal.
/// </summary>
public static class ScoreFunctionSurrogate
{
    /// <summary>Per-example surrogate [N] (value 0) for log-likelihoods [N], the posterior and its sample z [N, D].</summary>
    public static Tensor PerExample(Tensor logLikelihood, DiagonalNormal posterior, Tensor z)
    {
        if (logLikelihood.shape[0] < 2)
            throw new ArgumentException("The score-function estimator's leave-one-out baseline needs a batch of at least 2 examples.");
        var reward = logLikelihood.detach();
        var baseline = GaussianGradientEstimator.LeaveOneOutMean(reward.unsqueeze(0)).squeeze(0);
        var logQ = posterior.log_prob(z.detach());
        return (reward - baseline) * (logQ - logQ.detach());
    }

    /// <summary>The name of <see cref="LossTerm"/> in an <see cref="Objective"/>'s extra terms (and of its recorded value).</summary>
    public static Term Term { get; } = new("score_function_surrogate");

    /// <summary>The loss term for an <see cref="Objective"/>: minus the batch mean of the surrogate (the loss is −ELBO).</summary>
    public static Tensor LossTerm(ModelOutput output, TrainingStep step)
    {
        var latent = output.RequireLatent("The score-function estimator");
        var posterior = latent.Posterior as DiagonalNormal
            ?? throw new InvalidOperationException($"The score-function estimator here needs a diagonal-Gaussian q(z|x); this model's is a {latent.Posterior.GetType().Name}.");
        return -PerExample(output.LogLikelihood, posterior, latent.Sample).mean();
    }
}
