using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// What is needed to rebuild a model (stored in checkpoints): its catalogue name, latent and hidden sizes, the shape of
/// one example and the decoder likelihood.
/// </summary>
public sealed record ModelSpec(string Name, int LatentSize, int HiddenSize = 400, ImageShape? Shape = null, DecoderKind Likelihood = DecoderKind.Bernoulli)
{
    public ImageShape Image => Shape ?? ImageShape.Mnist;

    public DecoderLikelihood DecoderLikelihood => new(Likelihood);

    /// <summary>Builds the model with weights drawn from <paramref name="seed"/> (torch's global generator is restored afterwards).</summary>
    public nn.Module<Tensor, ModelOutput> Create(int seed = 0)
    {
        if (LatentSize < 1) throw new ArgumentException($"The latent size must be at least 1; got {LatentSize}.");
        using var random = TorchRandom.Seeded(seed);
        return ModelCatalogue.Find(Name).Create(this);
    }

    public override string ToString() => ModelCatalogue.Find(Name).Describe(this);
}

/// <summary>One model the command line and the notebooks can build by name.</summary>
public sealed record ModelEntry(string Name, string Summary, int DefaultLatentSize, Func<ModelSpec, nn.Module<Tensor, ModelOutput>> Create, Func<ModelSpec, string> Describe);

/// <summary>
/// Every model buildable by name. Adding a model is one file (the model) plus one line here; `vaelab train`,
/// `evaluate` and `bench` read this list.
/// </summary>
public static class ModelCatalogue
{
    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new("mlp", "MLP VAE (PyTorch's examples/vae: one hidden layer each way)", 20,
            s => new MlpVae(new MlpVaeOptions(s.Image.Size, s.HiddenSize, s.LatentSize, s.DecoderLikelihood)),
            s => $"MLP VAE {s.Image.Size}-{s.HiddenSize}-{s.LatentSize}"),
        new("conv", "conv VAE (two stride-2 convolutions, 32/64 channels)", 16,
            s => new ConvVae(new ConvVaeOptions(s.LatentSize, Shape: s.Image, Likelihood: s.DecoderLikelihood)),
            s => $"conv VAE (32/64 channels, {s.Image}, latent {s.LatentSize})"),
    ];

    public static IReadOnlyList<string> Names => All.Select(e => e.Name).ToArray();

    public static ModelEntry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'; the catalogue has: {string.Join(", ", Names)}.");
}
