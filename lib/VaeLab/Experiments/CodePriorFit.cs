using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Models.Priors;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>A learned prior over one autoencoder's code grids, the grids it was fitted to, and its training run.</summary>
public sealed record CodePriorRun(CodePrior Prior, Tensor TrainCodes, TrainingResult Run);

/// <summary>VQ-VAE's second stage (van den Oord et al. 2017, §3.3): fit an autoregressive prior to the code grids the
/// trained autoencoder gives its training images.</summary>
public static class CodePriorFit
{
    /// <summary>
    /// Encodes <paramref name="trainImages"/> with <paramref name="model"/> and fits a <see cref="CodePrior"/> (weights
    /// from <c>options.Seed</c>) to the grids with the one <see cref="Trainer"/>.
    /// </summary>
    public static CodePriorRun Train(ILatentVariableModel model, Tensor trainImages, CausalTransformerPriorOptions options, TrainingConfig config, string title)
    {
        ArgumentNullException.ThrowIfNull(model);
        var codes = DiscreteCodes.Encode(model, trainImages);
        var grids = codes.reshape(codes.shape[0], -1);
        CodePrior prior;
        using (TorchRandom.Seeded(options.Seed)) prior = new CodePrior(options);
        var run = new Trainer(prior, Objective.Elbo(), config) { Title = title }.Fit(grids);
        return new CodePriorRun(prior, codes, run);
    }
}
