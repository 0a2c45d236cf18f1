using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>The codes a discrete autoencoder (<see cref="IDiscreteCodeModel"/>) gives a data set, and how it uses them.</summary>
public static class DiscreteCodes
{
    /// <summary>The code grid of every image, int64 [N, H, W], in evaluation mode, <paramref name="batchSize"/> images at a time.</summary>
    public static Tensor Encode(IDiscreteCodeModel model, Tensor images, int batchSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var module = (nn.Module)model;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            using (var scope = NewDisposeScope())
            {
                for (long start = 0; start < images.shape[0]; start += batchSize)
                    parts.Add(model.EncodeToCodes(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start))));
                return cat(parts, 0).MoveToOuterDisposeScope();
            }
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary>Code usage (codes used at least once, perplexity, counts) over every grid position of every image.</summary>
    public static CodeUsage Usage(IDiscreteCodeModel model, Tensor images, int batchSize = 1000)
    {
        using var scope = NewDisposeScope();
        return CodeUsage.FromIndices(Encode(model, images, batchSize), checked((int)model.CodebookSize));
    }

    /// <summary>Pixel means of the decoder (e.g. Bernoulli probabilities) [N, C, H, W] for code grids, without gradient.</summary>
    public static Tensor Decode(IDiscreteCodeModel model, Tensor codes)
    {
        var module = (nn.Module)model;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            return model.Likelihood.Mean(model.DecodeCodes(codes));
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary>Reconstructions (decoder means) of <paramref name="images"/> through their codes.</summary>
    public static Tensor Reconstruct(IDiscreteCodeModel model, Tensor images)
    {
        using var scope = NewDisposeScope();
        return Decode(model, Encode(model, images)).MoveToOuterDisposeScope();
    }
}
