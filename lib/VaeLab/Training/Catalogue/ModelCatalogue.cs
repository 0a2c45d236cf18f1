using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Models.Graph;
using VaeLab.Objectives;

namespace VaeLab.Training.Catalogue;

/// <summary>
/// Every trainable model of the series by name: image VAEs (MLP, conv, MADE decoder), the discrete-code autoencoders
/// (VQ-VAE, FSQ), the GRU sequence VAE and the graph autoencoders. Adding a model is one file (the model) plus one entry
/// here; `vaelab train`, `evaluate` and `bench` read this list, and a notebook takes an entry by its property
/// (<c>ModelCatalogue.Vq</c>) for typed options and its default objective.
/// </summary>
public static class ModelCatalogue
{
    private static readonly string[] LikelihoodNames = ["bernoulli", "gaussian", "dlogistic"];

    public static ModelEntry<MlpVaeOptions, MlpVae> Mlp { get; } = new(
        "mlp", "MLP VAE (PyTorch's examples/vae: one hidden layer each way)", DataKind.Images,
        data => new MlpVaeOptions(InputSize: Image(data).Size),
        (o, _, _) => new MlpVae(o),
        o => $"MLP VAE {o.InputSize}-{o.HiddenSize}-{o.LatentSize}{LikelihoodNote(o.Likelihood)}",
        [Latent<MlpVaeOptions>((o, v) => o with { LatentSize = v }), Hidden<MlpVaeOptions>((o, v) => o with { HiddenSize = v }),
         Likelihood<MlpVaeOptions>((o, v) => o with { Likelihood = v })]);

    public static ModelEntry<ConvVaeOptions, ConvVae> Conv { get; } = new(
        "conv", "conv VAE (two stride-2 convolutions, 32/64 channels)", DataKind.Images,
        data => new ConvVaeOptions(Shape: Image(data)),
        (o, _, _) => new ConvVae(o),
        o => $"conv VAE ({o.Channels1}/{o.Channels2} channels, {o.Image}, latent {o.LatentSize}){LikelihoodNote(o.Likelihood)}",
        [Latent<ConvVaeOptions>((o, v) => o with { LatentSize = v }), Likelihood<ConvVaeOptions>((o, v) => o with { Likelihood = v })]);

    public static ModelEntry<ResNetVaeOptions, ResNetVae> ResNet { get; } = new(
        "resnet", "VAE with a ResNet decoder (pre-activation residual blocks at 7×7 and 14×14, 32 channels)", DataKind.Images,
        data => new ResNetVaeOptions(Shape: Image(data)),
        (o, _, _) => new ResNetVae(o),
        o => $"ResNet-decoder VAE ({o.Channels} channels, {o.BlocksPerStage} block(s) per stage, {o.Image}, latent {o.LatentSize}){LikelihoodNote(o.Likelihood)}",
        [Latent<ResNetVaeOptions>((o, v) => o with { LatentSize = v }), Likelihood<ResNetVaeOptions>((o, v) => o with { Likelihood = v }),
         Setting.Integer<ResNetVaeOptions>("blocks", "resnet: residual blocks at each of the decoder's two resolutions.", 0, (o, v) => o with { BlocksPerStage = v })]);

    public static ModelEntry<GumbelSoftmaxVaeOptions, GumbelSoftmaxVae> Gumbel { get; } = new(
        "gumbel", "categorical VAE trained through the Gumbel-softmax relaxation (L variables of K classes, uniform prior, MLP networks)", DataKind.Images,
        data => new GumbelSoftmaxVaeOptions(InputSize: Image(data).Size),
        (o, _, _) => new GumbelSoftmaxVae(o),
        o => $"Gumbel-softmax VAE {o.InputSize}-{o.HiddenSize}-({o.Variables}×{o.Classes}), τ = {o.Temperature}{(o.TemperatureDecay > 0 ? $" annealed as max({o.MinimumTemperature}, τ·exp(−{o.TemperatureDecay}·t))" : "")}{(o.Hard ? ", straight-through" : "")}{LikelihoodNote(o.Likelihood)}",
        [
            Latent<GumbelSoftmaxVaeOptions>((o, v) => o with { Variables = v }), Hidden<GumbelSoftmaxVaeOptions>((o, v) => o with { HiddenSize = v }),
            Setting.Integer<GumbelSoftmaxVaeOptions>("classes", "gumbel: K, the classes of each categorical latent variable.", 2, (o, v) => o with { Classes = v }),
            Setting.Number<GumbelSoftmaxVaeOptions>("temperature", "gumbel: τ of the relaxed sample during training (at the first step when annealed).", t => t > 0 && double.IsFinite(t),
                "be positive", (o, v) => o with { Temperature = v }),
            Setting.Number<GumbelSoftmaxVaeOptions>("temperature-decay", "gumbel: r in τ(t) = max(τ_min, τ·exp(−r·t)) over the training step t (0: τ fixed).",
                r => r >= 0 && double.IsFinite(r), "be ≥ 0", (o, v) => o with { TemperatureDecay = v }),
            Setting.Number<GumbelSoftmaxVaeOptions>("min-temperature", "gumbel: τ_min, the floor of the annealed τ.", t => t > 0 && double.IsFinite(t),
                "be positive", (o, v) => o with { MinimumTemperature = v }),
            Setting.Flag<GumbelSoftmaxVaeOptions>("hard", "gumbel: straight-through Gumbel-softmax (one-hot samples forward, relaxed gradient backward).",
                o => o with { Hard = true }),
            Likelihood<GumbelSoftmaxVaeOptions>((o, v) => o with { Likelihood = v }),
        ]);

    public static ModelEntry<MadeVaeOptions, MadeVae> Made { get; } = new(
        "made", "VAE with an autoregressive MADE decoder over the pixels (binary images; the decoder can model x without z)", DataKind.Images,
        data => new MadeVaeOptions(InputSize: Image(data).Size),
        (o, _, _) => new MadeVae(o),
        o => $"MADE-decoder VAE ({o.InputSize} pixels, encoder {o.EncoderHiddenSize}, decoder {o.DecoderHiddenSize}, latent {o.LatentSize})",
        [Latent<MadeVaeOptions>((o, v) => o with { LatentSize = v }), Hidden<MadeVaeOptions>((o, v) => o with { EncoderHiddenSize = v }),
         Setting.Integer<MadeVaeOptions>("decoder-hidden", "made: units of the masked decoder layer.", 1, (o, v) => o with { DecoderHiddenSize = v })]);

    public static ModelEntry<VqVaeOptions, VqVae> Vq { get; } = new(
        "vq", "VQ-VAE (conv encoder to a 7×7 grid, K codes of dimension --latent; EMA, k-means init, dead-code restart)", DataKind.Images,
        data => new VqVaeOptions(UseEma: true, KMeansInit: true, RestartDeadCodes: true, Shape: Image(data)),
        (o, _, _) => new VqVae(o),
        o => $"VQ-VAE ({o.Image}, K = {o.CodebookSize}, D = {o.CodeDimension}, {VqFixes(o)}){LikelihoodNote(o.Likelihood)}",
        [
            Latent<VqVaeOptions>((o, v) => o with { CodeDimension = v }),
            Setting.Integer<VqVaeOptions>("codebook-size", "vq: K, the number of codes.", 2, (o, v) => o with { CodebookSize = v }),
            Setting.Number<VqVaeOptions>("ema-decay", "vq: decay of the EMA codebook updates and usage counts, in (0, 1).", d => d > 0 && d < 1,
                "lie strictly between 0 and 1", (o, v) => o with { EmaDecay = v }),
            Setting.Flag<VqVaeOptions>("plain-vq", "vq: train the plain VQ-VAE (codebook by gradient; no EMA, k-means init or dead-code restart).",
                o => o with { UseEma = false, KMeansInit = false, RestartDeadCodes = false }),
            Setting.Flag<VqVaeOptions>("rotation-trick", "vq: send the encoder's gradient through the rotation trick (Fifty et al. 2024) instead of straight-through.",
                o => o with { RotationTrick = true }),
            Likelihood<VqVaeOptions>((o, v) => o with { Likelihood = v }),
        ],
        // The commitment loss enters with β = 0.25 (van den Oord et al. 2017, §3.2).
        objective: _ => new Objective { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } });

    public static ModelEntry<FsqAutoencoderOptions, FsqAutoencoder> Fsq { get; } = new(
        "fsq", "FSQ autoencoder (conv encoder to a 7×7 grid, levels 8,6,5 = 240 codes)", DataKind.Images,
        data => new FsqAutoencoderOptions(Shape: Image(data)),
        (o, _, _) => new FsqAutoencoder(o),
        o => $"FSQ autoencoder ({o.Image}, levels [{string.Join(",", o.Quantizer.Levels)}]){LikelihoodNote(o.Likelihood)}",
        [
            Setting.Text<FsqAutoencoderOptions>("levels", "fsq: levels per channel, comma-separated, each at least 2 (8,6,5 = 240 codes; 8,5,5,5 = 1000).",
                v => Levels(v) is null ? $"--levels must be integers of at least 2 separated by commas, e.g. 8,6,5; got '{v}'." : null,
                (o, v) => o with { Levels = Levels(v) }),
            Likelihood<FsqAutoencoderOptions>((o, v) => o with { Likelihood = v }),
        ]);

    public static ModelEntry<GruSequenceVaeOptions, GruSequenceVae> Gru { get; } = new(
        "gru", "sentence VAE of Bowman et al. 2016: GRU encoder and autoregressive GRU decoder over tokens", DataKind.Sequences,
        data => new GruSequenceVaeOptions(VocabularySize: ((SequenceData)data).VocabularySize),
        (o, _, _) => new GruSequenceVae(o),
        o => $"GRU sequence VAE (vocabulary {o.VocabularySize}, embedding {o.EmbeddingSize}, hidden {o.HiddenSize}, latent {o.LatentSize}" +
             $"{(o.LatentAtEveryStep ? ", z at every step" : "")})",
        [
            Latent<GruSequenceVaeOptions>((o, v) => o with { LatentSize = v }),
            Hidden<GruSequenceVaeOptions>((o, v) => o with { HiddenSize = v }),
            Setting.Integer<GruSequenceVaeOptions>("embedding", "gru: size of the token embeddings.", 1, (o, v) => o with { EmbeddingSize = v }),
            Setting.Flag<GruSequenceVaeOptions>("latent-every-step", "gru: feed z to the decoder at every step, not only into its initial state.",
                o => o with { LatentAtEveryStep = true }),
        ],
        training: new TrainingDefaults(Epochs: 8, BatchSize: 64));

    public static ModelEntry<GraphAutoencoderOptions, GraphAutoencoder> Vgae { get; } = Graph(
        "vgae", "variational graph autoencoder of Kipf & Welling 2016 (GCN encoder, inner-product decoder), trained full-batch", variational: true);

    public static ModelEntry<GraphAutoencoderOptions, GraphAutoencoder> Gae { get; } = Graph(
        "gae", "plain graph autoencoder (z = μ, no KL) of Kipf & Welling 2016, trained full-batch", variational: false);

    /// <summary>Every entry, in the order the command line lists them.</summary>
    public static IReadOnlyList<ModelEntry> All { get; } = [Mlp, Conv, ResNet, Made, Gumbel, Vq, Fsq, Gru, Vgae, Gae];

    public static IReadOnlyList<string> Names => All.Select(e => e.Name).ToArray();

    public static ModelEntry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'; the catalogue has: {string.Join(", ", Names)}.");

    private static ModelEntry<GraphAutoencoderOptions, GraphAutoencoder> Graph(string name, string summary, bool variational) => new(
        name, summary, DataKind.Graph,
        _ => new GraphAutoencoderOptions(Variational: variational),
        (o, data, seed) =>
        {
            using var generator = new torch.Generator((ulong)seed);
            var graph = (GraphData)data;
            return new GraphAutoencoder(graph.TrainingAdjacency, graph.NodeCount, o, generator);
        },
        o => $"{(o.Variational ? "VGAE" : "GAE")} (GCN hidden {o.HiddenSize}, latent {o.LatentSize}{(o.WeightPositives ? ", positive edges reweighted" : "")})",
        [Latent<GraphAutoencoderOptions>((o, v) => o with { LatentSize = v }), Hidden<GraphAutoencoderOptions>((o, v) => o with { HiddenSize = v })],
        // Kipf & Welling 2016: Adam, learning rate 0.01, 200 epochs, the whole graph in each step.
        training: new TrainingDefaults(Epochs: 200, LearningRate: 0.01, FullBatch: true));

    private static ImageShape Image(ModelData data) => ((ImageData)data).Shape;

    private static ModelSetting<T> Latent<T>(Func<T, int, T> apply) =>
        Setting.Integer("latent", "Latent size (the code dimension D for vq, the number L of categorical variables for gumbel).", 1, apply);

    private static ModelSetting<T> Hidden<T>(Func<T, int, T> apply) =>
        Setting.Integer("hidden", "Hidden units of the encoder (and decoder).", 1, apply);

    private static ModelSetting<T> Likelihood<T>(Func<T, DecoderLikelihood, T> apply) =>
        Setting.Choice<T>("likelihood", "Decoder likelihood: bernoulli (BCE on logits), gaussian (σ = 0.1) or dlogistic (discretised logistic over the 256 grey levels).",
            LikelihoodNames, (o, v) => apply(o, v switch
            {
                "gaussian" => DecoderLikelihood.Gaussian(),
                "dlogistic" => DecoderLikelihood.DiscretizedLogistic,
                _ => DecoderLikelihood.Bernoulli,
            }));

    private static string LikelihoodNote(DecoderLikelihood? likelihood) => likelihood is null || likelihood.Kind == DecoderKind.Bernoulli
        ? "" : $", {likelihood.Kind} decoder";

    private static string VqFixes(VqVaeOptions o)
    {
        var fixes = new[] { o.UseEma ? $"EMA {o.EmaDecay}" : null, o.KMeansInit ? "k-means init" : null, o.RestartDeadCodes ? "dead-code restart" : null }.OfType<string>().ToList();
        var codebook = fixes.Count == 0 ? "plain" : string.Join(" + ", fixes);
        return o.RotationTrick ? $"{codebook} + rotation trick" : codebook;
    }

    private static IReadOnlyList<int>? Levels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var levels = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, out var level) || level < 2) return null;
            levels.Add(level);
        }
        return levels.Count == 0 ? null : levels;
    }
}
