using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// The Gumbel-softmax (concrete) relaxation of a <see cref="Categorical"/> (Jang et al. 2017; Maddison et al. 2017):
/// <see cref="rsample"/> is softmax((logits + g)/τ) with Gumbel noise g, a differentiable function of the logits, and with
/// <see cref="Hard"/> the one-hot argmax in the forward pass and the relaxed sample's gradient (straight-through).
/// Everything else is the categorical's: <see cref="Distribution.sample(Generator?)"/> is exact, and the KL to a categorical
/// prior is the categorical KL, as in Jang et al. 2017 (§3: the KL term of their categorical VAE).
/// </summary>
public sealed class RelaxedCategorical : Categorical
{
    public RelaxedCategorical(Tensor logits, double temperature, bool hard = false) : base(logits)
    {
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw new ArgumentException($"The Gumbel-softmax temperature τ must be positive and finite; got {temperature}.");
        Temperature = temperature;
        Hard = hard;
    }

    /// <summary>τ: small τ gives nearly one-hot samples with noisy gradients, large τ smooth ones with biased gradients.</summary>
    public double Temperature { get; }

    /// <summary>Straight-through: one-hot values forward, relaxed gradients backward.</summary>
    public bool Hard { get; }

    public override bool has_rsample => true;

    public override Tensor rsample() => GumbelSoftmax.Sample(logits, Temperature, Hard);
}
