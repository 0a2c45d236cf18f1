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

/// <summary>Fits q_φ(z | x) by maximising the closed-form ELBO of a linear-Gaussian model with Adam (full batch, through the Trainer).</summary>
public static class AmortisedInference
{
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
