using TorchSharp;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation;

/// <summary>Images a Gaussian VAE's decoder makes: the mean of p(x|z) (for a Bernoulli decoder, σ(logits)) at given latents.</summary>
public static class Decoded
{
    /// <summary>E[x | z] for each row of <paramref name="latents"/> [N, D], in evaluation mode without gradient.</summary>
    public static Tensor Means(IGaussianVae vae, Tensor latents)
    {
        ArgumentNullException.ThrowIfNull(vae);
        var module = (nn.Module)vae;
        var wasTraining = module.training;
        module.eval();
        try
        {
            return Data.Batches.Map(latents, 1000, z => vae.DecoderLikelihood.Mean(vae.Decode(z)).reshape(z.shape[0], -1));
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary><paramref name="count"/> images decoded from z ~ N(0, I) (seeded).</summary>
    public static Tensor PriorSamples(IGaussianVae vae, int count, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var z = randn([count, vae.LatentSize], generator: generator);
        return Means(vae, z);
    }

    /// <summary>The decoded posterior mean of each image, E[x | z = μ(x)].</summary>
    public static Tensor Reconstructions(IGaussianVae vae, Tensor images)
    {
        var module = (nn.Module)vae;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var means = Data.Batches.Map(images, 1000, x => vae.Encode(x).Mean);
            return Means(vae, means);
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}
