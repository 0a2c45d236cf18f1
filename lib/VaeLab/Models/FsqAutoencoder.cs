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
/// An autoencoder with finite scalar quantisation (Mentzer et al. 2023), in distributions: the conv encoder of
/// <see cref="VqVae"/> outputs d = |levels| channels per grid cell, each bounded and rounded to its L_i levels
/// (straight-through), and the same decoder reads the result. q(z|x) is the point mass on the rounded codes
/// (<see cref="CodeAssignment"/>), p(z) uniform over the Π L_i implicit codes at each position (<see cref="CodebookPrior"/>),
/// so the KL is the constant 49 · log Π L_i; there is no codebook to learn, so the only other term is log_likelihood.
/// </summary>
public sealed class FsqAutoencoder : Module<Tensor, ModelOutput>, ILatentVariableModel, IValidatesData
{
    private readonly CodeGridEncoder encoder;
    private readonly FiniteScalarQuantizer quantizer;
    private readonly CodeGridDecoder decoder;
    private readonly CodebookPrior prior;

    public FsqAutoencoder(FsqAutoencoderOptions? options = null) : base(nameof(FsqAutoencoder))
    {
        Options = options ?? new FsqAutoencoderOptions();
        Options.Validate();
        quantizer = new FiniteScalarQuantizer(Options.Quantizer);
        encoder = new CodeGridEncoder(Options.Image, Options.Channels1, Options.Channels2, quantizer.Channels);
        decoder = new CodeGridDecoder(Options.Image, Options.Channels1, Options.Channels2, quantizer.Channels);
        prior = new CodebookPrior(quantizer.CodebookSize, [Options.Image.Height / 4, Options.Image.Width / 4], quantizer.IndicesToCodes);
        RegisterComponents();
    }

    public FsqAutoencoderOptions Options { get; }

    public FiniteScalarQuantizer Quantizer => quantizer;

    public long CodebookSize => quantizer.CodebookSize;

    public DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    public void ValidateData(Tensor data, string what) => DecoderLikelihood.ValidateTargets(data, what);

    /// <summary>q(z|x): the rounded code at every grid position.</summary>
    public Distribution Posterior(Tensor x)
    {
        var quantized = quantizer.call(encoder.call(x));
        return new CodeAssignment(quantized.Indices, quantized.Quantized, quantizer.CodebookSize);
    }

    /// <summary>p(z): each of the Π L_i codes equally likely at every position.</summary>
    public Distribution Prior => prior;

    /// <summary>p(x|z) for code vectors z [N, d, H/4, W/4].</summary>
    public Distribution Likelihood(Tensor z) => new PixelLikelihood(DecoderLikelihood, decoder.call(z));

    public override ModelOutput forward(Tensor x) => ElboPass.Run(this, x);
}
