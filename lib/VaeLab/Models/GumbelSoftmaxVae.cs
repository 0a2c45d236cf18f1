using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// Sizes of the Gumbel-softmax VAE: L categorical latent variables of K classes each, MLP encoder and decoder.
/// </summary>
/// <param name="Variables">L, the number of categorical latent variables.</param>
/// <param name="Classes">K, the classes of each variable.</param>
/// <param name="Temperature">τ of the relaxed sample drawn during training (fixed; small τ: nearly one-hot samples, noisy gradients).</param>
/// <param name="Hard">Straight-through Gumbel-softmax: one-hot samples forward, the relaxed sample's gradient backward.</param>
public sealed record GumbelSoftmaxVaeOptions(int InputSize = 784, int HiddenSize = 400, int Variables = 20, int Classes = 10,
    double Temperature = 1.0, bool Hard = false, DecoderLikelihood? Likelihood = null)
{
    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || Variables < 1)
            throw new ArgumentException($"All sizes must be positive; got input {InputSize}, hidden {HiddenSize}, variables {Variables}.");
        if (Classes < 2) throw new ArgumentException($"A categorical latent needs at least 2 classes; got {Classes}.");
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentException($"The Gumbel-softmax temperature τ must be positive and finite; got {Temperature}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// The categorical VAE of Jang et al. 2017 with MLP networks: q(z|x) is L independent categoricals over K classes whose
/// training sample is the Gumbel-softmax relaxation (<see cref="RelaxedCategorical"/>), p(z) is uniform, and the decoder
/// reads the L one-hot (or relaxed) vectors, flattened, into the parameters of p(x|z). The KL is the categorical one
/// (closed form, from the <see cref="Kl"/> registry), as in Jang et al. 2017 §3; evaluation draws exact one-hot samples.
/// </summary>
public sealed class GumbelSoftmaxVae : LatentVariableModel, IValidatesData
{
    private readonly TorchSharp.Modules.Linear encoderHidden;
    private readonly TorchSharp.Modules.Linear encoderLogits;
    private readonly TorchSharp.Modules.Linear decoderHidden;
    private readonly TorchSharp.Modules.Linear decoderOutput;
    private readonly Categorical prior;

    public GumbelSoftmaxVae(GumbelSoftmaxVaeOptions? options = null) : base(nameof(GumbelSoftmaxVae))
    {
        Options = options ?? new GumbelSoftmaxVaeOptions();
        Options.Validate();
        var codes = Options.Variables * Options.Classes;
        encoderHidden = Linear(Options.InputSize, Options.HiddenSize);
        encoderLogits = Linear(Options.HiddenSize, codes);
        decoderHidden = Linear(codes, Options.HiddenSize);
        decoderOutput = Linear(Options.HiddenSize, Options.InputSize * DecoderLikelihood.OutputsPerValue);
        prior = Categorical.Uniform(Options.Variables, Options.Classes);
        RegisterComponents();
    }

    public GumbelSoftmaxVaeOptions Options { get; }

    /// <summary>Which distribution the decoder's output parameterises.</summary>
    public DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    public override Distribution Posterior(Tensor x)
    {
        var logits = encoderLogits.call(functional.relu(encoderHidden.call(Flatten(x))));
        return new RelaxedCategorical(logits.view(-1, Options.Variables, Options.Classes), Options.Temperature, Options.Hard);
    }

    public override Distribution Prior => prior;

    /// <summary>p(x|z) for one-hot or relaxed codes [N, L, K] (or [S, N, L, K]).</summary>
    public override Distribution Likelihood(Tensor z)
    {
        // Checked here: a size mismatch inside the native matmul aborts the process instead of throwing.
        if (z.dim() < 3 || z.shape[^2] != Options.Variables || z.shape[^1] != Options.Classes)
            throw new ArgumentException($"GumbelSoftmaxVae decodes codes shaped [..., {Options.Variables}, {Options.Classes}]; got [{string.Join(", ", z.shape)}].");
        return new PixelLikelihood(DecoderLikelihood, decoderOutput.call(functional.relu(decoderHidden.call(z.flatten(-2)))));
    }

    /// <summary>Refuses data the likelihood cannot score (e.g. pixels outside [0, 1] for a Bernoulli decoder).</summary>
    public void ValidateData(Tensor data, string what) => DecoderLikelihood.ValidateTargets(data, what);

    private Tensor Flatten(Tensor x)
    {
        var flat = x.reshape(x.shape[0], -1);
        if (flat.shape[1] != Options.InputSize)
            throw new ArgumentException(
                $"GumbelSoftmaxVae expects {Options.InputSize} values per example; got a batch shaped [{string.Join(", ", x.shape)}].");
        return flat;
    }
}
