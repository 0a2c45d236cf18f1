using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// β-TCVAE's penalty (Chen et al. 2018, eq. 4) as an extra loss term: the ELBO's KL is kept in closed form and the
/// total correlation KL(q(z) ‖ Π_d q(z_d)), estimated from the batch, is added with weight β − 1, so that
/// <code>
/// loss = −log p(x|z) + KL(q(z|x) ‖ p(z)) + (β − 1)·TC  ≈  −log p(x|z) + MI + β·TC + dimension-wise KL
/// </code>
/// (α = γ = 1 in the paper's notation). <see cref="DatasetSize"/> is N, the number of training examples, which the
/// estimators of q(z) need. <see cref="Estimator"/> defaults to minibatch-weighted sampling, the paper's: its constant
/// offset in the TC has no gradient, so it does not change what is minimised.
/// </summary>
public sealed record TotalCorrelationPenalty(double Beta, long DatasetSize,
    AggregatePosteriorEstimator Estimator = AggregatePosteriorEstimator.MinibatchWeighted)
{
    /// <summary>The name of the extra term in <see cref="Objective.ExtraTerms"/> (and of its recorded value).</summary>
    public static Term Term { get; } = new("total_correlation_penalty");

    public void Validate()
    {
        if (!(Beta >= 1) || !double.IsFinite(Beta))
            throw new ArgumentException($"β-TCVAE's β must be a finite number ≥ 1 (β = 1 is the plain ELBO); got {Beta}.");
        if (DatasetSize < 2) throw new ArgumentException($"The data-set size N must be at least 2; got {DatasetSize}.");
    }

    /// <summary>(β − 1) times the batch's TC estimate: a scalar that keeps its gradient.</summary>
    public Tensor Compute(ModelOutput output)
    {
        Validate();
        var latent = output.RequireLatent("The total-correlation penalty");
        var posterior = latent.Posterior as DiagonalNormal
            ?? throw new InvalidOperationException($"The total-correlation penalty needs a diagonal-Gaussian q(z|x); this model's is a {latent.Posterior.GetType().Name}.");
        var z = latent.Sample;
        using var scope = NewDisposeScope();
        var logVariance = posterior.variance.log();
        using var terms = KlDecomposition.Estimate(posterior.mean, logVariance, z, DatasetSize, Estimator);
        return ((Beta - 1) * terms.TotalCorrelation).MoveToOuterDisposeScope();
    }

    /// <summary>The objective −ELBO + (β − 1)·TC, ready for the trainer.</summary>
    public Objective ToObjective()
    {
        Validate();
        return new Objective { ExtraTerms = [(Term, (output, _) => Compute(output))] };
    }
}
