using VaeLab.Numerics;
using VaeLab.Common;
using VaeLab.Inference.Classic;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>Settings for fitting an amortised encoder to a <see cref="LinearGaussianLatentModel"/>.</summary>
public sealed record AmortisedFitSettings(int HiddenUnits = 32, int Steps = 2000, double LearningRate = 1e-2, int Seed = 0);

/// <summary>The fitted encoder and the mean ELBO per step.</summary>
public sealed record AmortisedFit(AmortisedGaussianEncoder Encoder, double[] MeanElbo);

/// <summary>
/// The two gaps below log p(x), averaged over a set of points (Cremer et al. 2018): the approximation gap, log p(x) minus
/// the best factorised q's ELBO (what the family costs), and the amortisation gap, that ELBO minus the encoder's (what
/// one network for all points costs).
/// </summary>
public sealed record AmortisationGaps(double LogEvidence, double PerPointElbo, double EncoderElbo)
{
    public double Approximation => LogEvidence - PerPointElbo;
    public double Amortisation => PerPointElbo - EncoderElbo;
}

/// <summary>
/// The training amortisation gap over the last steps of one training run (per-point optimum − the step's mean encoder
/// ELBO), as quartiles: full-batch Adam at a fixed learning rate makes the gap spike from step to step late in training,
/// so the gap of the final encoder depends on where the run stopped; the quartiles over the last steps do not.
/// </summary>
public sealed record LateAmortisationGap(int Steps, int TotalSteps, double LowerQuartile, double Median, double UpperQuartile)
{
    /// <summary>The last quarter of <paramref name="fit"/>'s steps, measured against the per-point optimum <paramref name="perPointElbo"/>.</summary>
    public static LateAmortisationGap Of(AmortisedFit fit, double perPointElbo)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.MeanElbo.Length < 4) throw new ArgumentException($"Need at least 4 training steps to read the last quarter; got {fit.MeanElbo.Length}.", nameof(fit));
        var window = fit.MeanElbo.Length / 4;
        var gaps = fit.MeanElbo[^window..].Select(e => perPointElbo - e).Order().ToArray();
        return new LateAmortisationGap(window, fit.MeanElbo.Length, Quantiles.OfSorted(gaps, 0.25), Quantiles.OfSorted(gaps, 0.5), Quantiles.OfSorted(gaps, 0.75));
    }


    /// <summary>
    /// Compares the late gap with the approximation gap: "less than half" only when even the upper quartile is below half of
    /// it, "more than twice" only when even the lower quartile is above twice it, "the larger" / "the smaller" when the
    /// interquartile range lies on one side of it but within that factor, and not settled when it straddles it. Always says
    /// that it rests on one training run.
    /// </summary>
    public string Compare(double approximationGap)
    {
        if (!(approximationGap > 0)) throw new ArgumentOutOfRangeException(nameof(approximationGap), "The approximation gap must be positive.");
        var numbers = $"over the last {Steps:N0} of {TotalSteps:N0} Adam steps the training amortisation gap had median {Median:F4} nats " +
                      $"(quartiles {LowerQuartile:F4}–{UpperQuartile:F4}), against an approximation gap of {approximationGap:F4} nats: ";
        return numbers + (UpperQuartile < approximationGap / 2
            ? "the encoder costs less than half of what the factorised family costs on most late steps (one training run)."
            : LowerQuartile > 2 * approximationGap
                ? "the encoder costs more than twice what the factorised family costs on most late steps (one training run)."
                : LowerQuartile > approximationGap
                    ? "the encoder's gap was the larger on at least three quarters of the late steps, but by less than a factor of 2 " +
                      "at the lower quartile (one training run)."
                    : UpperQuartile < approximationGap
                        ? "the encoder's gap was the smaller on at least three quarters of the late steps, but not by a factor of 2 " +
                          "(one training run)."
                        : "the quartiles lie on both sides of the approximation gap, so which one is larger is not settled (one training run).");
    }
}

/// <summary>Fits q_φ(z | x) by maximising the closed-form ELBO of a linear-Gaussian model with Adam (full batch, through the Trainer).</summary>
public static class AmortisedInference
{
    /// <summary>Mean log p(x), per-point optimal factorised ELBO and encoder ELBO over <paramref name="data"/>, all in closed form.</summary>
    public static AmortisationGaps Gaps(LinearGaussianLatentModel model, AmortisedGaussianEncoder encoder, double[][] data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoder);
        if (data is null || data.Length == 0) throw new ArgumentException("Need at least one point to average the gaps over.", nameof(data));
        var encoded = Encode(encoder, data);
        return new AmortisationGaps(
            data.Average(model.LogEvidence),
            data.Average(x => model.Elbo(x, model.BestDiagonalQ(x))),
            data.Select((x, n) => model.Elbo(x, encoded[n])).Average());
    }

    public static AmortisedFit Fit(LinearGaussianLatentModel model, double[][] data, AmortisedFitSettings settings)
    {
        if (data.Length == 0 || data.Any(x => x.Length != model.DataDimension))
            throw new ArgumentException($"Data must be a non-empty set of vectors of length {model.DataDimension}.");
        if (settings.Steps < 1 || !(settings.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(settings), "Steps and learning rate must be positive.");
        AmortisedLinearGaussianVae vae;
        using (TorchRandom.Seeded(settings.Seed)) vae = new AmortisedLinearGaussianVae(model, settings.HiddenUnits);
        using var x = LinearGaussianElbo.ToTensor(data);
        // Full batch: one step per epoch, so the per-epoch training ELBO is the per-step trace.
        var run = new Trainer(vae, Objective.Elbo(), new TrainingConfig(settings.Seed, settings.Steps, data.Length, settings.LearningRate))
        {
            Progress = TrainingProgress.None,
            Title = "amortised encoder",
        }.Fit(x);
        return new AmortisedFit(vae.Encoder, run.History.Select(e => e.Train.Elbo).ToArray());
    }

    /// <summary>The encoder's q for each row of <paramref name="data"/>.</summary>
    public static DiagonalGaussian[] Encode(AmortisedGaussianEncoder encoder, double[][] data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (mean, logVariance) = encoder.call(LinearGaussianElbo.ToTensor(data));
        var m = mean.data<double>().ToArray();
        var v = logVariance.exp().data<double>().ToArray();
        var l = encoder.LatentDimension;
        return Enumerable.Range(0, data.Length)
            .Select(n => new DiagonalGaussian(m[(n * l)..((n + 1) * l)], v[(n * l)..((n + 1) * l)])).ToArray();
    }
}
