using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// Sizes of the Gumbel-softmax VAE: L categorical latent variables of K classes each, MLP encoder and decoder.
/// </summary>
/// <param name="Variables">L, the number of categorical latent variables.</param>
/// <param name="Classes">K, the classes of each variable.</param>
/// <param name="Temperature">τ₀, the temperature of the relaxed sample drawn during training (small τ: nearly one-hot samples, noisy gradients).</param>
/// <param name="Hard">Straight-through Gumbel-softmax: one-hot samples forward, the relaxed sample's gradient backward.</param>
/// <param name="TemperatureDecay">r in τ(t) = max(τ_min, τ₀·exp(−r·t)) over the global training step t; 0 (default): τ stays τ₀.</param>
/// <param name="MinimumTemperature">τ_min, the floor of the annealed temperature.</param>
/// <remarks>
/// Jang et al. 2017 anneal τ this way in their experiments (τ₀ = 1, τ_min = 0.5, r between 1e−5 and 1e−4 per step;
/// they update τ every N steps, here it moves every step).
/// </remarks>
public sealed record GumbelSoftmaxVaeOptions(int InputSize = 784, int HiddenSize = 400, int Variables = 20, int Classes = 10,
    double Temperature = 1.0, bool Hard = false, DecoderLikelihood? Likelihood = null, double TemperatureDecay = 0, double MinimumTemperature = 0.5)
{
    /// <summary>τ at global training step <paramref name="step"/> (from 0).</summary>
    public double TemperatureAt(long step) =>
        TemperatureDecay == 0 ? Temperature : Math.Max(MinimumTemperature, Temperature * Math.Exp(-TemperatureDecay * step));

    public void Validate()
    {
        if (InputSize < 1 || HiddenSize < 1 || Variables < 1)
            throw new ArgumentException($"All sizes must be positive; got input {InputSize}, hidden {HiddenSize}, variables {Variables}.");
        if (Classes < 2) throw new ArgumentException($"A categorical latent needs at least 2 classes; got {Classes}.");
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentException($"The Gumbel-softmax temperature τ must be positive and finite; got {Temperature}.");
        if (!(TemperatureDecay >= 0) || !double.IsFinite(TemperatureDecay))
            throw new ArgumentException($"The temperature decay r must be finite and ≥ 0 (0: τ fixed); got {TemperatureDecay}.");
        if (!(MinimumTemperature > 0) || !double.IsFinite(MinimumTemperature))
            throw new ArgumentException($"The minimum temperature τ_min must be positive and finite; got {MinimumTemperature}.");
        Likelihood?.Validate();
    }
}

/// <summary>
/// The categorical VAE of Jang et al. 2017 with MLP networks: q(z|x) is L independent categoricals over K classes whose
/// training sample is the Gumbel-softmax relaxation (<see cref="RelaxedCategorical"/>), p(z) is uniform, and the decoder
/// reads the L one-hot (or relaxed) vectors, flattened, into the parameters of p(x|z). The KL is the categorical one
/// (closed form, from the <see cref="Kl"/> registry), as in Jang et al. 2017 §3; evaluation draws exact one-hot samples.
/// τ follows <see cref="GumbelSoftmaxVaeOptions.TemperatureAt"/>: the trainer tells the model each step
/// (<see cref="IStepScheduled"/>), and <see cref="Temperature"/> is the τ of the last training step.
/// The uniform prior's log-probabilities are made on the device of the model's weights when first read (and again after
/// <c>model.to(device)</c>), outside any dispose scope, and are disposed with the model.
/// </summary>
public sealed class GumbelSoftmaxVae : LatentVariableModel, IValidatesData, IStepScheduled
{
    private readonly TorchSharp.Modules.Linear encoderHidden;
    private readonly TorchSharp.Modules.Linear encoderLogits;
    private readonly TorchSharp.Modules.Linear decoderHidden;
    private readonly TorchSharp.Modules.Linear decoderOutput;
    private Categorical? prior;

    public GumbelSoftmaxVae(GumbelSoftmaxVaeOptions? options = null) : base(nameof(GumbelSoftmaxVae))
    {
        Options = options ?? new GumbelSoftmaxVaeOptions();
        Options.Validate();
        var codes = Options.Variables * Options.Classes;
        encoderHidden = Linear(Options.InputSize, Options.HiddenSize);
        encoderLogits = Linear(Options.HiddenSize, codes);
        decoderHidden = Linear(codes, Options.HiddenSize);
        decoderOutput = Linear(Options.HiddenSize, Options.InputSize * DecoderLikelihood.OutputsPerValue);
        Temperature = Options.Temperature;
        RegisterComponents();
    }

    public GumbelSoftmaxVaeOptions Options { get; }

    /// <summary>Which distribution the decoder's output parameterises.</summary>
    public DecoderLikelihood DecoderLikelihood => Options.Likelihood ?? DecoderLikelihood.Bernoulli;

    /// <summary>τ of the relaxed samples now: τ₀ before training, then the τ of the last training step.</summary>
    public double Temperature { get; private set; }

    public void BeforeTrainingStep(long globalStep, double progress) => Temperature = Options.TemperatureAt(globalStep);

    public override Distribution Posterior(Tensor x)
    {
        var logits = encoderLogits.call(functional.relu(encoderHidden.call(Flatten(x))));
        return new RelaxedCategorical(logits.view(-1, Options.Variables, Options.Classes), Temperature, Options.Hard);
    }

    public override Distribution Prior
    {
        get
        {
            var weights = encoderLogits.weight!;
            if (prior is null || prior.logits.device_type != weights.device_type || prior.logits.device_index != weights.device_index)
            {
                prior?.logits.Dispose();
                // Outside the caller's dispose scope: the prior lives as long as the model.
                using var scope = NewDisposeScope();
                prior = Categorical.Uniform(Options.Variables, Options.Classes, weights.device);
                prior.logits.DetachFromDisposeScope();
            }
            return prior;
        }
    }

    /// <summary>p(x|z) for one-hot or relaxed codes [N, L, K] (or [S, N, L, K]).</summary>
    public override Distribution Likelihood(Tensor z)
    {
        // Checked here: a size mismatch inside the native matmul aborts the process instead of throwing.
        if (z.dim() < 3 || z.shape[^2] != Options.Variables || z.shape[^1] != Options.Classes)
            throw new ArgumentException($"GumbelSoftmaxVae decodes codes shaped [..., {Options.Variables}, {Options.Classes}]; got [{string.Join(", ", z.shape)}].");
        return new PixelLikelihood(DecoderLikelihood, decoderOutput.call(functional.relu(decoderHidden.call(z.flatten(-2)))));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) prior?.logits.Dispose();
        base.Dispose(disposing);
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
