using VaeLab.Distributions;
using VaeLab.Models.Quantizers;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Settings of an <see cref="FsqAutoencoder"/>: the FSQ levels (Π L_i codes) and the conv sizes.</summary>
/// <param name="Levels">Levels per channel, each at least 2; [8, 6, 5] (240 codes) by default (Mentzer et al. 2023, table 1).</param>
public sealed record FsqAutoencoderOptions(
    IReadOnlyList<int>? Levels = null,
    int Channels1 = 32,
    int Channels2 = 64,
    ImageShape? Shape = null,
    DecoderLikelihood? Likelihood = null)
{
    public ImageShape Image => Shape ?? ImageShape.Mnist;

    public FiniteScalarQuantizerOptions Quantizer => Levels is null ? FiniteScalarQuantizerOptions.About256 : new(Levels);

    public void Validate()
    {
        Quantizer.Validate();
        if (Channels1 < 1 || Channels2 < 1)
            throw new ArgumentException($"Channel counts must be positive; got {Channels1} and {Channels2}.");
        Image.Validate();
        if (Image.Height % 4 != 0 || Image.Width % 4 != 0)
            throw new ArgumentException($"The encoder halves the image twice, so height and width must be divisible by 4; got {Image}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// An autoencoder with finite scalar quantisation (Mentzer et al. 2023): the conv encoder of <see cref="VqVae"/> outputs
/// d = |levels| channels per grid cell, each bounded and rounded to its L_i levels (straight-through), and the same
/// decoder reads the result. There is no codebook to learn, so the only term is log_likelihood.
/// </summary>
public sealed class FsqAutoencoder : Module<Tensor, ModelOutput>, IDiscreteCodeModel, IValidatesData
{
    private readonly CodeGridEncoder encoder;
    private readonly FiniteScalarQuantizer quantizer;
    private readonly CodeGridDecoder decoder;

    public FsqAutoencoder(FsqAutoencoderOptions? options = null) : base(nameof(FsqAutoencoder))
    {
        Options = options ?? new FsqAutoencoderOptions();
        Options.Validate();
        quantizer = new FiniteScalarQuantizer(Options.Quantizer);
        encoder = new CodeGridEncoder(Options.Image, Options.Channels1, Options.Channels2, quantizer.Channels);
        decoder = new CodeGridDecoder(Options.Image, Options.Channels1, Options.Channels2, quantizer.Channels);
        RegisterComponents();
    }

    public FsqAutoencoderOptions Options { get; }

    public FiniteScalarQuantizer Quantizer => quantizer;

    public long CodebookSize => quantizer.CodebookSize;

    public (int Height, int Width) CodeGrid => (Options.Image.Height / 4, Options.Image.Width / 4);

    public DecoderLikelihood Likelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    public void ValidateData(Tensor data, string what) => Likelihood.ValidateTargets(data, what);

    public override ModelOutput forward(Tensor x)
    {
        var quantized = quantizer.call(encoder.call(x));
        var logits = decoder.call(quantized.Quantized);
        var images = x.reshape(Options.Image.With(x.shape[0]));
        var terms = new Dictionary<string, Tensor> { [TermNames.LogLikelihood] = Likelihood.LogProbability(logits, images) };
        return new ModelOutput(terms) { Latent = quantized.Quantized, DecoderOutput = logits, Codes = quantized.Indices };
    }

    public Tensor EncodeToCodes(Tensor x)
    {
        using var noGrad = no_grad();
        return quantizer.call(encoder.call(x)).Indices;
    }

    public Tensor DecodeCodes(Tensor codes)
    {
        var (height, width) = CodeGrid;
        return decoder.call(quantizer.IndicesToCodes(codes.reshape(codes.shape[0], height, width)));
    }
}
