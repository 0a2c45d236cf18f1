using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>Sizes of the MLP VAE; the defaults are PyTorch's examples/vae (784-400-20).</summary>
public sealed record MlpVaeOptions(int InputSize = 784, int HiddenSize = 400, int LatentSize = 20)
{
    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"All sizes must be positive; got input {InputSize}, hidden {HiddenSize}, latent {LatentSize}.");
    }
}

/// <summary>
/// The VAE of Kingma &amp; Welling (2013) as in PyTorch's examples/vae: one hidden layer each way, a Gaussian
/// encoder and a Bernoulli decoder that returns logits (so the loss can use the stable BCE-with-logits).
/// <see cref="forward"/> uses the reparameterization z = μ + σ·ε.
/// </summary>
public sealed class MlpVae : Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVariance)>, IGaussianVae
{
    private readonly Linear encoderHidden;
    private readonly Linear encoderMean;
    private readonly Linear encoderLogVariance;
    private readonly Linear decoderHidden;
    private readonly Linear decoderOutput;

    public MlpVae(MlpVaeOptions? options = null) : base(nameof(MlpVae))
    {
        Options = options ?? new MlpVaeOptions();
        Options.Validate();
        encoderHidden = Linear(Options.InputSize, Options.HiddenSize);
        encoderMean = Linear(Options.HiddenSize, Options.LatentSize);
        encoderLogVariance = Linear(Options.HiddenSize, Options.LatentSize);
        decoderHidden = Linear(Options.LatentSize, Options.HiddenSize);
        decoderOutput = Linear(Options.HiddenSize, Options.InputSize);
        RegisterComponents();
    }

    public MlpVaeOptions Options { get; }

    public int LatentSize => Options.LatentSize;

    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var flat = Flatten(x);
        var hidden = functional.relu(encoderHidden.forward(flat));
        return (encoderMean.forward(hidden), encoderLogVariance.forward(hidden));
    }

    public Tensor Decode(Tensor z)
    {
        // Checked here: a size mismatch inside the native matmul aborts the process instead of throwing.
        if (z.dim() < 1 || z.shape[^1] != Options.LatentSize)
            throw new ArgumentException($"MlpVae decodes latents shaped [..., {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
        return decoderOutput.forward(functional.relu(decoderHidden.forward(z)));
    }

    public override (Tensor Logits, Tensor Mean, Tensor LogVariance) forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        var z = Reparameterize(mean, logVariance);
        return (Decode(z), mean, logVariance);
    }

    /// <summary>z = μ + σ·ε with ε ~ N(0, I): the sample is a differentiable function of μ and σ.</summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVariance) =>
        mean + (0.5 * logVariance).exp() * randn_like(mean);

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException(
                $"MlpVae expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
