using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// A distribution over a batch of examples, as in torch.distributions and Pyro: the posterior q(z|x), the prior p(z)
/// and the likelihood p(x|z) of a latent-variable model are all distributions. Its values carry the batch axes first
/// (e.g. [N, …]) and may carry extra leading sample axes ([K, N, …]); <see cref="log_prob"/> sums over the event (all
/// axes after the batch), so it returns [N] (or [K, N]).
/// </summary>
/// <remarks>
/// Members are named as in torch.distributions (<c>log_prob</c>, <c>rsample</c>, <c>sample</c>, <c>mean</c>), so code
/// reads like its PyTorch and Pyro counterparts. Dispose a distribution when done with it (the model output that holds one does): wrappers of TorchSharp's own
/// distributions hold tensors outside the dispose scope.
/// </remarks>
public abstract class Distribution : IDisposable
{
    /// <summary>log p(value) per example, summed over the event: [N] for a value [N, …], [K, N] for [K, N, …].</summary>
    public abstract Tensor log_prob(Tensor value);

    /// <summary>Whether <see cref="rsample"/> exists: a sample that is a differentiable function of the parameters.</summary>
    public virtual bool has_rsample => false;

    /// <summary>
    /// A reparameterised sample: a differentiable function of the distribution's parameters and of parameter-free
    /// noise (the reparameterization trick), drawn from torch's global generator.
    /// </summary>
    public virtual Tensor rsample() =>
        throw new NotSupportedException($"{GetType().Name} has no reparameterised sample; use sample() (no gradient reaches its parameters) or a relaxed distribution.");

    /// <summary>A sample with no gradient to the parameters, from <paramref name="generator"/> (torch's global one when null).</summary>
    public virtual Tensor sample(Generator? generator = null) =>
        throw new NotSupportedException($"{GetType().Name} cannot be sampled.");

    /// <summary>
    /// <paramref name="count"/> independent samples stacked on a new leading axis, [count, N, …], without gradient: what the
    /// importance-weighted bound draws.
    /// </summary>
    public virtual Tensor sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var noGrad = no_grad();
        return stack(Enumerable.Range(0, (int)count).Select(_ => sample(generator)).ToArray());
    }

    /// <summary>Whether <see cref="mean"/> exists in closed form (an autoregressive decoder's does not).</summary>
    public virtual bool has_mean => true;

    /// <summary>The mean (e.g. the Bernoulli probabilities of a decoder, the encoder's μ).</summary>
    public virtual Tensor mean => throw new NotSupportedException($"{GetType().Name} has no mean in closed form.");

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>"[a, b, c]" for error messages.</summary>
    protected static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
