using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// What is needed to rebuild a model (stored in checkpoints): its catalogue name, latent and hidden sizes, the shape of
/// one example and the decoder likelihood.
/// </summary>
public sealed record ModelSpec(string Name, int LatentSize, int HiddenSize = 400, ImageShape? Shape = null, DecoderKind Likelihood = DecoderKind.Bernoulli,
    DiscreteCodeSpec? Codes = null)
{
    /// <summary>The discrete-code settings (vq, fsq); the defaults when none were given.</summary>
    public DiscreteCodeSpec CodeSettings => Codes ?? new DiscreteCodeSpec();

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

/// <summary>
/// Settings of the discrete-code models: K and the codebook fixes for vq (LatentSize is the code dimension D), the levels
/// for fsq, written "8,6,5". A string keeps the record comparable by value (checkpoints compare specs on resume).
/// </summary>
public sealed record DiscreteCodeSpec(int CodebookSize = 256, string Levels = "8,6,5", bool Ema = true, double EmaDecay = 0.99,
    bool KMeansInit = true, bool RestartDeadCodes = true, bool RotationTrick = false)
{
    /// <summary>The levels as numbers; a one-line error if they are not a comma-separated list of integers.</summary>
    public IReadOnlyList<int> LevelList
    {
        get
        {
            var parts = Levels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var values = new List<int>();
            foreach (var part in parts)
                values.Add(int.TryParse(part, out var level) ? level
                    : throw new ArgumentException($"FSQ levels must be integers separated by commas, e.g. 8,6,5; got '{Levels}'."));
            return values;
        }
    }

    public VqVaeOptions VqOptions(ModelSpec spec) => new(CodebookSize, spec.LatentSize, Ema, EmaDecay, KMeansInit, RestartDeadCodes,
        Shape: spec.Image, Likelihood: spec.DecoderLikelihood, RotationTrick: RotationTrick);

    public FsqAutoencoderOptions FsqOptions(ModelSpec spec) => new(LevelList, Shape: spec.Image, Likelihood: spec.DecoderLikelihood);

    public string Fixes
    {
        get
        {
            var fixes = new[] { Ema ? $"EMA {EmaDecay}" : null, KMeansInit ? "k-means init" : null, RestartDeadCodes ? "dead-code restart" : null }.OfType<string>().ToList();
            var codebook = fixes.Count == 0 ? "plain" : string.Join(" + ", fixes);
            return RotationTrick ? $"{codebook} + rotation trick" : codebook;
        }
    }
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
        new("vq", "VQ-VAE (conv encoder to a 7×7 grid, K codes of dimension --latent; EMA, k-means init, dead-code restart)", 16,
            s => new VqVae(s.CodeSettings.VqOptions(s)),
            s => $"VQ-VAE ({s.Image}, K = {s.CodeSettings.CodebookSize}, D = {s.LatentSize}, {s.CodeSettings.Fixes})"),
        new("fsq", "FSQ autoencoder (conv encoder to a 7×7 grid, levels 8,6,5 = 240 codes)", 3,
            s => new FsqAutoencoder(s.CodeSettings.FsqOptions(s)),
            s => $"FSQ autoencoder ({s.Image}, levels [{s.CodeSettings.Levels}])"),
    ];

    public static IReadOnlyList<string> Names => All.Select(e => e.Name).ToArray();

    public static ModelEntry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'; the catalogue has: {string.Join(", ", Names)}.");
}
