using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// L independent categorical latent variables with K classes each, given by logits [..., L, K]; a value is one-hot,
/// [..., L, K] (as torch.distributions.OneHotCategorical), so a decoder reads it like any other latent.
/// <see cref="log_prob"/> sums over the L variables. A categorical has no reparameterised sample; its relaxation
/// <see cref="RelaxedCategorical"/> (Gumbel-softmax) has one. <see cref="Uniform"/> is the usual prior.
/// </summary>
public class Categorical : Distribution
{
    public Categorical(Tensor logits)
    {
        if (logits.dim() < 2 || logits.shape[^1] < 2)
            throw new ArgumentException($"Categorical logits must be [..., L, K] with K ≥ 2 classes; got {Shape(logits)}.");
        // Normalised, so log_prob and the KL read log-probabilities directly.
        this.logits = nn.functional.log_softmax(logits, -1);
    }

    /// <summary>The uniform prior over K classes for each of L variables: logits 0, log_prob = −L log K.</summary>
    public static Categorical Uniform(long variables, long classes, Device? device = null)
    {
        if (variables < 1 || classes < 2) throw new ArgumentException($"A uniform categorical needs L ≥ 1 variables and K ≥ 2 classes; got {variables} and {classes}.");
        using var logits = zeros(variables, classes, device: device);
        return new Categorical(logits);
    }

    /// <summary>Normalised log-probabilities [..., L, K].</summary>
    public Tensor logits { get; }

    /// <summary>Probabilities [..., L, K].</summary>
    public Tensor probs => logits.exp();

    /// <summary>K.</summary>
    public long Classes => logits.shape[^1];

    /// <summary>L.</summary>
    public long Variables => logits.shape[^2];

    public override Tensor mean => probs;

    /// <summary>log q(value) for one-hot (or relaxed) values [..., L, K], summed over the L variables.</summary>
    public override Tensor log_prob(Tensor value)
    {
        if (value.dim() < 2 || value.shape[^1] != Classes || value.shape[^2] != Variables)
            throw new ArgumentException($"Categorical values are one-hot [..., {Variables}, {Classes}]; got {Shape(value)}.");
        return (value * logits).sum(dim: -1).sum(dim: -1);
    }

    /// <summary>An exact one-hot sample (no gradient).</summary>
    public override Tensor sample(Generator? generator = null)
    {
        using var noGrad = no_grad();
        var flat = probs.reshape(-1, Classes);
        var index = multinomial(flat, 1, generator: generator).reshape(logits.shape[..^1]);
        return nn.functional.one_hot(index, Classes).to_type(logits.dtype);
    }

    /// <summary>Entropy H(q) per example, summed over the L variables.</summary>
    public Tensor entropy() => -(probs * logits).sum(dim: -1).sum(dim: -1);
}
