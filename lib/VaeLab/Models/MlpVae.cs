using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of the MLP VAE; the defaults are PyTorch's examples/vae (784-400-20) with a Bernoulli decoder.</summary>
public sealed record MlpVaeOptions(int InputSize = 784, int HiddenSize = 400, int LatentSize = 20, DecoderLikelihood? Likelihood = null)
{
    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"All sizes must be positive; got input {InputSize}, hidden {HiddenSize}, latent {LatentSize}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// The VAE of Kingma &amp; Welling (2013) as in PyTorch's examples/vae: one hidden layer each way, a Gaussian encoder
/// and a decoder that returns the parameters of p(x|z) (Bernoulli logits by default, so the loss can use the stable
/// BCE-with-logits). Any input shape: each example is flattened to <see cref="MlpVaeOptions.InputSize"/> values.
/// </summary>
public sealed class MlpVae : GaussianVae
{
    private readonly TorchSharp.Modules.Linear encoderHidden;
    private readonly TorchSharp.Modules.Linear encoderMean;
    private readonly TorchSharp.Modules.Linear encoderLogVariance;
    private readonly TorchSharp.Modules.Linear decoderHidden;
    private readonly TorchSharp.Modules.Linear decoderOutput;

    public MlpVae(MlpVaeOptions? options = null) : base(nameof(MlpVae))
    {
        Options = options ?? new MlpVaeOptions();
        Options.Validate();
        encoderHidden = Linear(Options.InputSize, Options.HiddenSize);
        encoderMean = Linear(Options.HiddenSize, Options.LatentSize);
        encoderLogVariance = Linear(Options.HiddenSize, Options.LatentSize);
        decoderHidden = Linear(Options.LatentSize, Options.HiddenSize);
        decoderOutput = Linear(Options.HiddenSize, Options.InputSize * (Options.Likelihood?.OutputsPerValue ?? 1));
        RegisterComponents();
    }

    public MlpVaeOptions Options { get; }

    /// <summary>The five layers, for code that copies weights in or out (<see cref="ReplicaMlpVae"/>).</summary>
    internal (TorchSharp.Modules.Linear EncoderHidden, TorchSharp.Modules.Linear EncoderMean, TorchSharp.Modules.Linear EncoderLogVariance,
        TorchSharp.Modules.Linear DecoderHidden, TorchSharp.Modules.Linear DecoderOutput) Layers =>
        (encoderHidden, encoderMean, encoderLogVariance, decoderHidden, decoderOutput);

    public override int LatentSize => Options.LatentSize;

    public override DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var hidden = functional.relu(encoderHidden.call(Flatten(x)));
        return (encoderMean.call(hidden), encoderLogVariance.call(hidden));
    }

    public override Tensor Decode(Tensor z)
    {
        // Checked here: a size mismatch inside the native matmul aborts the process instead of throwing.
        if (z.dim() < 1 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"MlpVae decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        return decoderOutput.call(functional.relu(decoderHidden.call(z)));
    }

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException(
                $"MlpVae expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
