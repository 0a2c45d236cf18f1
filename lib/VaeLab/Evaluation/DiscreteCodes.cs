using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>
/// The codes a discrete-code autoencoder gives a data set, and how it uses them, read from its distributions: q(z|x) is a
/// <see cref="CodeAssignment"/> (the chosen code per position) and p(z) a <see cref="CodebookPrior"/> (K codes and the
/// code vectors they stand for). VQ-VAE and FSQ are such models.
/// </summary>
public static class DiscreteCodes
{
    /// <summary>The code grid of every image, int64 [N, H, W], in evaluation mode, <paramref name="batchSize"/> images at a time.</summary>
    public static Tensor Encode(ILatentVariableModel model, Tensor images, int batchSize = 1000)
    {
        using var evaluation = EvaluationMode.Of(model);
        return Batches.Map(images, batchSize, batch =>
        {
            using var posterior = model.Posterior(batch);
            return Assignment(posterior).Indices;
        });
    }

    /// <summary>Code usage (codes used at least once, perplexity, counts) over every grid position of every image.</summary>
    public static CodeUsage Usage(ILatentVariableModel model, Tensor images, int batchSize = 1000)
    {
        using var scope = NewDisposeScope();
        return CodeUsage.FromIndices(Encode(model, images, batchSize), checked((int)Codebook(model).CodebookSize));
    }

    /// <summary>Pixel means of the decoder (e.g. Bernoulli probabilities) [N, C, H, W] for code grids, without gradient.</summary>
    public static Tensor Decode(ILatentVariableModel model, Tensor codes)
    {
        using var evaluation = EvaluationMode.Of(model);
        using var noGrad = no_grad();
        using var likelihood = model.Likelihood(Codebook(model).Embed(codes));
        return likelihood.mean;
    }

    /// <summary>Reconstructions (decoder means) of <paramref name="images"/> through their codes.</summary>
    public static Tensor Reconstruct(ILatentVariableModel model, Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(model, Encode(model, images)).MoveToOuterDisposeScope();
    }

    /// <summary>The model's codebook prior, or a one-line error saying the model has no discrete codes.</summary>
    public static CodebookPrior Codebook(ILatentVariableModel model) => model.Prior as CodebookPrior
        ?? throw new ArgumentException($"This needs a discrete-code model (VQ-VAE, FSQ: a codebook prior over code grids); this model's prior is a {model.Prior.GetType().Name}.");

    private static CodeAssignment Assignment(Distribution posterior) => posterior as CodeAssignment
        ?? throw new ArgumentException($"This needs a discrete-code model (a code assignment as q(z|x)); this model's posterior is a {posterior.GetType().Name}.");
}
