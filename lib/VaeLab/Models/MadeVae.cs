using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// Sizes of <see cref="MadeVae"/>: pixels, the encoder's hidden layer, the decoder's masked hidden layer, the latent.
/// <paramref name="DecoderSeesLatent"/> false gives the decoder z = 0 for every example: a MADE on its own, the control
/// for how much z is worth to it (its log p(x | z) is then its exact log-likelihood, and the ELBO drives q(z | x) to the prior).
/// </summary>
public sealed record MadeVaeOptions(int InputSize = 784, int EncoderHiddenSize = 400, int DecoderHiddenSize = 1000, int LatentSize = 32, bool DecoderSeesLatent = true)
{
    public void Validate()
    {
        if (InputSize < 2) throw new ArgumentException($"An autoregressive decoder needs at least 2 inputs; got {InputSize}.");
        if (EncoderHiddenSize < 1 || DecoderHiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"Sizes must be positive; got encoder {EncoderHiddenSize}, decoder {DecoderHiddenSize}, latent {LatentSize}.");
    }
}

/// <summary>
/// A VAE on binary images whose decoder is autoregressive over the pixels: a MADE (Germain et al. 2015, "MADE: masked
/// autoencoder for distribution estimation") with one masked hidden layer, conditioned on z. Pixel d (in raster order,
/// 1-based) has degree d; hidden unit k has degree m_k = 1 + (k mod (D − 1)); the input mask lets unit k see pixels
/// d ≤ m_k and the output mask lets pixel d read units with m_k &lt; d, so the logit of pixel d depends only on pixels
/// 1 … d − 1 and on z (which enters every hidden unit unmasked):
/// p(x | z) = Π_d Bernoulli(x_d | σ(ℓ_d(x_{&lt;d}, z))). The encoder is an MLP as in <see cref="MlpVae"/>.
/// </summary>
public sealed class MadeVae : AutoregressiveVae, IValidatesData
{
    private readonly Linear encoderHidden;
    private readonly Linear encoderMean;
    private readonly Linear encoderLogVariance;
    private readonly Linear maskedInput;
    private readonly Linear latentToHidden;
    private readonly Linear maskedOutput;
    private readonly Tensor inputMask;
    private readonly Tensor outputMask;

    public MadeVae(MadeVaeOptions? options = null) : base(nameof(MadeVae))
    {
        Options = options ?? new MadeVaeOptions();
        Options.Validate();
        var o = Options;
        encoderHidden = Linear(o.InputSize, o.EncoderHiddenSize);
        encoderMean = Linear(o.EncoderHiddenSize, o.LatentSize);
        encoderLogVariance = Linear(o.EncoderHiddenSize, o.LatentSize);
        maskedInput = Linear(o.InputSize, o.DecoderHiddenSize);
        latentToHidden = Linear(o.LatentSize, o.DecoderHiddenSize);
        maskedOutput = Linear(o.DecoderHiddenSize, o.InputSize);
        (inputMask, outputMask) = Masks(o.InputSize, o.DecoderHiddenSize);
        RegisterComponents();
    }

    public MadeVaeOptions Options { get; }

    public override int LatentSize => Options.LatentSize;

    /// <summary>
    /// The MADE masks for one hidden layer: input [H, D] (unit k sees pixel d iff d ≤ m_k) and output [D, H] (pixel d
    /// reads unit k iff d &gt; m_k), with m_k = 1 + (k mod (D − 1)) and pixel degrees 1 … D.
    /// </summary>
    public static (Tensor Input, Tensor Output) Masks(int inputSize, int hiddenSize)
    {
        var hiddenDegrees = arange(hiddenSize, dtype: ScalarType.Int64) % (inputSize - 1) + 1;   // [H]
        var pixelDegrees = arange(1, inputSize + 1, dtype: ScalarType.Int64);                   // [D]
        var input = pixelDegrees.unsqueeze(0).le(hiddenDegrees.unsqueeze(1)).to_type(ScalarType.Float32);  // [H, D]
        var output = pixelDegrees.unsqueeze(1).gt(hiddenDegrees.unsqueeze(0)).to_type(ScalarType.Float32); // [D, H]
        return (input, output);
    }

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var hidden = functional.relu(encoderHidden.call(Flatten(x)));
        return (encoderMean.call(hidden), encoderLogVariance.call(hidden));
    }

    public override Tensor LogLikelihood(Tensor z, Tensor x)
    {
        var flat = Flatten(x);
        var (flatZ, flatX, leading) = Broadcast(z, flat);
        var logits = Logits(flatZ, flatX);
        return DecoderLikelihood.Bernoulli.LogProbability(logits, flatX).reshape(leading);
    }

    /// <summary>The pixel logits [M, D] given z [M, latent] and the pixels [M, D] (each logit sees only earlier pixels).</summary>
    public Tensor Logits(Tensor z, Tensor pixels)
    {
        // Without z the decoder is given zeros (not nothing): the same network, every parameter still in the graph.
        var code = Options.DecoderSeesLatent ? z : zeros_like(z);
        var hidden = functional.relu(functional.linear(pixels, maskedInput.weight! * inputMask, maskedInput.bias) + latentToHidden.call(code));
        return functional.linear(hidden, maskedOutput.weight! * outputMask, maskedOutput.bias);
    }

    public void ValidateData(Tensor data, string what) => DecoderLikelihood.Bernoulli.ValidateTargets(data, what);

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException($"{GetName()} expects {Options.InputSize} pixels per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
