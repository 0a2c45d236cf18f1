using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>How a <see cref="KlDivergence"/> was obtained.</summary>
public enum KlMethod
{
    /// <summary>Exactly, in closed form (no sampling noise).</summary>
    ClosedForm,

    /// <summary>
    /// A one-sample Monte Carlo estimate log q(z) − log p(z) at the sample z the model drew: unbiased, but noisy, and it can be
    /// negative for one example. Used when no closed form is registered for the pair.
    /// </summary>
    MonteCarlo,

    /// <summary>A constant that no parameter changes (a point-mass posterior against a uniform prior: log K per position).</summary>
    Constant,
}

/// <summary>
/// KL(q(z|x) ‖ p(z)) for a batch: per latent variable [N, V] (per latent dimension, per categorical variable, per
/// code position; V = 1 for a Monte Carlo estimate of a joint), and how it was obtained.
/// </summary>
public sealed record KlDivergence(Tensor PerVariable, KlMethod Method)
{
    /// <summary>Summed over the latent variables: [N].</summary>
    public Tensor Total => PerVariable.sum(dim: -1);

    public override string ToString() => Method switch
    {
        KlMethod.ClosedForm => "KL in closed form",
        KlMethod.MonteCarlo => "KL estimated by Monte Carlo (one sample; no closed form registered for this pair)",
        _ => "KL constant (no gradient)",
    };
}
