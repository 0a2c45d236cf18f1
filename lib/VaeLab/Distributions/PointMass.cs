using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// A point mass at <see cref="Value"/> [N, …]: what a deterministic encoder amounts to (the plain graph autoencoder's z = μ).
/// Sampling returns the value itself; <see cref="rsample"/> keeps its gradient.
/// </summary>
public sealed class PointMass(Tensor value) : Distribution
{
    public Tensor Value { get; } = value;

    /// <summary>0 per example: the value has probability 1.</summary>
    public override Tensor log_prob(Tensor value) => zeros(value.shape[0], dtype: Value.dtype, device: Value.device);

    public override bool has_rsample => true;

    public override Tensor rsample() => Value;

    public override Tensor sample(Generator? generator = null) => Value.detach();

    public override Tensor mean => Value;
}
