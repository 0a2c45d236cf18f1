using VaeLab.Models;
using VaeLab.Models.Priors;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// A VQ-VAE (or FSQ) autoencoder with a prior over its code grids is a generative model p(x) = Σ_c p(x|c) p(c), and
/// its one-code term bounds it: −log p(x) ≤ −log p(x | c(x)) − log p(c(x)), c(x) the encoder's code grid (van den Oord
/// et al. 2017, §3.2: log p(x) ≥ log p(x|z_q(x)) p(z_q(x))). All values in nats per image, averaged over the images.
/// </summary>
/// <param name="ReconstructionLoss">−log p(x | c(x)).</param>
/// <param name="LearnedCodeCost">−log p(c(x)) under the learned prior.</param>
/// <param name="FrequencyCodeCost">−log p(c(x)) under a prior that knows only how often each code occurs in the training
/// grids (add-one smoothed), each position independent: the control that says what the prior's context adds.</param>
/// <param name="UniformCodeCost">positions × log K: the uniform prior VQ-VAE assumes while it trains.</param>
public sealed record CodeGridBound(double ReconstructionLoss, double LearnedCodeCost, double FrequencyCodeCost, double UniformCodeCost, long Images)
{
    /// <summary>The bound with the learned prior.</summary>
    public double Learned => ReconstructionLoss + LearnedCodeCost;

    /// <summary>The bound with the frequency-only prior.</summary>
    public double Frequency => ReconstructionLoss + FrequencyCodeCost;

    /// <summary>The bound with the uniform prior.</summary>
    public double Uniform => ReconstructionLoss + UniformCodeCost;
}

/// <summary>Computes <see cref="CodeGridBound"/> for a discrete-code autoencoder and a prior over its code grids.</summary>
public static class DiscreteCodeBound
{
    /// <summary>
    /// The bound on <paramref name="images"/>; <paramref name="trainCodes"/> (the training images' code grids, [M, H, W])
    /// give the frequency-only control. The reconstruction term is evaluated with <paramref name="seed"/>.
    /// </summary>
    public static CodeGridBound Evaluate(ILatentVariableModel model, CodePrior prior, Tensor trainCodes, Tensor images, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prior);
        var k = checked((int)DiscreteCodes.Codebook(model).CodebookSize);
        if (prior.Options.CodebookSize != k)
            throw new ArgumentException($"The prior is over {prior.Options.CodebookSize} codes but the model has K = {k}; fit the prior to this model's codes.");
        using var scope = NewDisposeScope();
        var reconstruction = Evaluator.Evaluate((nn.Module<Tensor, ModelOutput>)model, images, seed: seed).ReconstructionLoss;
        var codes = DiscreteCodes.Encode(model, images);
        var positions = codes.numel() / codes.shape[0];
        if (positions != prior.Options.Positions)
            throw new ArgumentException($"The prior reads grids of {prior.Options.Positions} codes; the model gives {positions}.");
        var learned = -Evaluator.Evaluate(prior, codes.reshape(codes.shape[0], -1)).LogLikelihood;
        // Add-one smoothed frequencies of the training codes: a fixed prior chosen before seeing the test images.
        var counts = bincount(trainCodes.reshape(-1), minlength: k).to_type(ScalarType.Float64) + 1;
        var logFrequency = (counts / counts.sum()).log();
        var frequency = -logFrequency.index_select(0, codes.reshape(-1)).sum().item<double>() / codes.shape[0];
        return new CodeGridBound(reconstruction, learned, frequency, positions * Math.Log(k), codes.shape[0]);
    }
}
