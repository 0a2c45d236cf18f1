using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models.Quantizers;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// Settings of a <see cref="VqVae"/>: the codebook (K codes of dimension D), how the codebook is kept alive, and the
/// conv encoder/decoder sizes.
/// </summary>
/// <param name="CodebookSize">K, at least 2.</param>
/// <param name="CodeDimension">D, the encoder's output channels and the length of each code.</param>
/// <param name="UseEma">Move codes by exponential moving averages (decay <paramref name="EmaDecay"/>) instead of the codebook loss's gradient.</param>
/// <param name="EmaDecay">γ in (0, 1); 0.99 in van den Oord et al. 2017.</param>
/// <param name="KMeansInit">Replace the codebook by k-means centres of the encoder outputs of the first training batch.</param>
/// <param name="RestartDeadCodes">Re-seed codes whose moving-average usage fell below <paramref name="DeadCodeThreshold"/>
/// with encoder outputs of the current batch, every <paramref name="RestartEvery"/> training steps.</param>
/// <param name="DeadCodeThreshold">Vectors per batch (moving average) below which a code counts as dead.</param>
/// <param name="RestartEvery">Training steps between dead-code restarts (at least 1).</param>
/// <param name="Channels1">Channels of the first convolution.</param>
/// <param name="Channels2">Channels of the second convolution.</param>
/// <param name="Shape">Image shape (height and width divisible by 4); MNIST's by default.</param>
/// <param name="Likelihood">p(x|z); Bernoulli on logits by default.</param>
/// <param name="Seed">Seed of the initial codebook and of the k-means and restart draws.</param>
/// <param name="RotationTrick">Send the decoder's gradient to the encoder through the rotation trick (Fifty et al. 2024)
/// instead of the straight-through copy.</param>
public sealed record VqVaeOptions(
    int CodebookSize = 256,
    int CodeDimension = 16,
    bool UseEma = false,
    double EmaDecay = 0.99,
    bool KMeansInit = false,
    bool RestartDeadCodes = false,
    double DeadCodeThreshold = 2.0,
    int RestartEvery = 1,
    int Channels1 = 32,
    int Channels2 = 64,
    ImageShape? Shape = null,
    DecoderLikelihood? Likelihood = null,
    int Seed = 0,
    bool RotationTrick = false)
{
    /// <summary>
    /// Notebook 07's VQ-VAE: 28 × 28 images (Fashion-MNIST) to a 7 × 7 grid of codes from K = 256 codes of dimension
    /// D = 16, so at most 49 · 8 = 392 bits per image. The notebook trains every VQ variant from these options, and
    /// notebook 08 derives its information budget from them (<see cref="BitsPerImage"/>), so neither writes the numbers by hand.
    /// </summary>
    public static VqVaeOptions Notebook07 { get; } = new(CodebookSize: 256, CodeDimension: 16);

    public ImageShape Image => Shape ?? ImageShape.Mnist;

    /// <summary>Height and width of the code grid: the encoder halves the image twice (7 × 7 for 28 × 28).</summary>
    public (int Height, int Width) CodeGrid => (Image.Height / 4, Image.Width / 4);

    /// <summary>Number of codes per image, height × width of <see cref="CodeGrid"/> (49 for 28 × 28).</summary>
    public int CodePositions => CodeGrid.Height * CodeGrid.Width;

    /// <summary>The most a code grid can say: positions × log₂ K bits (392 for 7 × 7 codes from K = 256).</summary>
    public double BitsPerImage => CodePositions * Math.Log2(CodebookSize);

    /// <summary>The quantiser's settings these options imply.</summary>
    public VectorQuantizerOptions Quantizer =>
        new(CodebookSize, CodeDimension, UseEma, EmaDecay, DeadCodeThreshold: RestartDeadCodes ? DeadCodeThreshold : 0, Seed: Seed,
            UseRotationTrick: RotationTrick);

    public void Validate()
    {
        Quantizer.Validate();
        if (Channels1 < 1 || Channels2 < 1)
            throw new ArgumentException($"Channel counts must be positive; got {Channels1} and {Channels2}.");
        if (RestartEvery < 1)
            throw new ArgumentException($"RestartEvery must be at least 1 training step; got {RestartEvery}.");
        if (RestartDeadCodes && !(DeadCodeThreshold > 0))
            throw new ArgumentException($"Dead-code restart needs a positive DeadCodeThreshold; got {DeadCodeThreshold}.");
        Image.Validate();
        if (Image.Height % 4 != 0 || Image.Width % 4 != 0)
            throw new ArgumentException($"The encoder halves the image twice, so height and width must be divisible by 4; got {Image}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// VQ-VAE (van den Oord et al. 2017) in distributions: a conv encoder to a (H/4) × (W/4) grid of D-dimensional vectors,
/// each replaced by its nearest code (<see cref="VectorQuantizer"/>, straight-through gradient or the rotation trick), and
/// a conv decoder. q(z|x) is the point mass on the chosen codes (<see cref="CodeAssignment"/>), p(z) the uniform prior over
/// the K codes at each position (<see cref="CodebookPrior"/>), so KL = 49 · log K for a 7 × 7 grid, a constant the
/// objective leaves out of the loss (§3.1); p(x|z) is the decoder's <see cref="PixelLikelihood"/>. Terms per example:
/// log_likelihood, kl (the constant), codebook (‖sg[z_e] − e‖²) and commitment (‖z_e − sg[e]‖², weight it by β = 0.25;
/// the catalogue's default objective does). After each training step the trainer runs the model's state update: k-means
/// initialisation on the first batch (if on), the usage and EMA update, and dead-code restarts (if on).
/// </summary>
public sealed class VqVae : Module<Tensor, ModelOutput>, ILatentVariableModel, IValidatesData
{
    private readonly CodeGridEncoder encoder;
    private readonly VectorQuantizer quantizer;
    private readonly CodeGridDecoder decoder;
    // Number of state updates run so far (a buffer, so a checkpoint knows whether k-means has already run).
    private readonly Tensor updates;
    private readonly CodebookPrior prior;

    public VqVae(VqVaeOptions? options = null) : base(nameof(VqVae))
    {
        Options = options ?? new VqVaeOptions();
        Options.Validate();
        encoder = new CodeGridEncoder(Options.Image, Options.Channels1, Options.Channels2, Options.CodeDimension);
        quantizer = new VectorQuantizer(Options.Quantizer);
        decoder = new CodeGridDecoder(Options.Image, Options.Channels1, Options.Channels2, Options.CodeDimension);
        updates = zeros(1, dtype: ScalarType.Int64);
        prior = new CodebookPrior(Options.CodebookSize, [Options.Image.Height / 4, Options.Image.Width / 4], quantizer.Lookup);
        RegisterComponents();
    }

    public VqVaeOptions Options { get; }

    /// <summary>The vector quantiser (read its codebook and usage counts).</summary>
    public VectorQuantizer Quantizer => quantizer;

    public long CodebookSize => Options.CodebookSize;

    public DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    /// <summary>How many dead codes the state updates have re-seeded so far.</summary>
    public long RestartedCodes { get; private set; }

    /// <summary>Whether k-means has replaced the initial codebook.</summary>
    public bool KMeansDone => Options.KMeansInit && updates.item<long>() > 0;

    public void ValidateData(Tensor data, string what) => DecoderLikelihood.ValidateTargets(data, what);

    /// <summary>The encoder's outputs z_e [N, D, H/4, W/4] before quantisation.</summary>
    public Tensor Encode(Tensor x) => encoder.call(x);

    /// <summary>q(z|x): the nearest code at every grid position.</summary>
    public Distribution Posterior(Tensor x)
    {
        var quantized = quantizer.call(encoder.call(x));
        return new CodeAssignment(quantized.Indices, quantized.Quantized, Options.CodebookSize);
    }

    /// <summary>p(z): each of the K codes equally likely at every position.</summary>
    public Distribution Prior => prior;

    /// <summary>p(x|z) for code vectors z [N, D, H/4, W/4].</summary>
    public Distribution Likelihood(Tensor z) => new PixelLikelihood(DecoderLikelihood, decoder.call(z));

    public override ModelOutput forward(Tensor x)
    {
        var encoded = encoder.call(x);
        var quantized = quantizer.call(encoded);
        var posterior = new CodeAssignment(quantized.Indices, quantized.Quantized, Options.CodebookSize);
        var output = ElboPass.Run(this, x, posterior: posterior,
            otherTerms: [new(Term.Codebook, quantized.CodebookLoss), new(Term.Commitment, quantized.CommitmentLoss)]);
        var encoderOutputs = encoded.detach();
        var indices = quantized.Indices;
        return output.WithStateUpdate(() => UpdateState(encoderOutputs, indices));
    }

    /// <summary>
    /// What the trainer runs after each optimizer step: on the first step with k-means on, the codebook becomes k-means
    /// centres of this batch's encoder outputs; otherwise the usage counts (and, with EMA, the codes) move, and every
    /// <see cref="VqVaeOptions.RestartEvery"/> steps dead codes are re-seeded from this batch.
    /// </summary>
    public void UpdateState(Tensor encoderOutputs, Tensor indices)
    {
        using var noGrad = no_grad();
        var step = updates.item<long>();
        var vectors = encoderOutputs.numel() / Options.CodeDimension;
        if (Options.KMeansInit && step == 0)
        {
            // k-means needs at least K vectors; a smaller first batch waits for the next one.
            if (vectors < Options.CodebookSize) return;
            quantizer.InitialiseFromData(encoderOutputs, Options.Seed + 1);
        }
        else
        {
            quantizer.UpdateEma(encoderOutputs, indices);
            if (Options.RestartDeadCodes && step % Options.RestartEvery == 0)
                RestartedCodes += quantizer.RestartDeadCodes(encoderOutputs, (int)((Options.Seed * 1_000_003L + step) & int.MaxValue));
        }
        updates.add_(1);
    }
}
