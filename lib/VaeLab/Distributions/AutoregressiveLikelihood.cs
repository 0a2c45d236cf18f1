using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// p(x|z) = Π_t p(x_t | x_&lt;t, z) of an autoregressive decoder (a GRU over tokens, a MADE over pixels). Its
/// <see cref="log_prob"/> scores x with the true previous values fed in (teacher forcing), which is exact for such a
/// decoder, so it needs x itself and not only z. It has no mean in closed form.
/// </summary>
public sealed class AutoregressiveLikelihood : Distribution
{
    private readonly Tensor z;
    private readonly Func<Tensor, Tensor, Tensor> score;

    /// <param name="z">The latents [N, D] (or [K, N, D]).</param>
    /// <param name="score">(z, x) → log p(x | z) per example, [N] (or [K, N]).</param>
    public AutoregressiveLikelihood(Tensor z, Func<Tensor, Tensor, Tensor> score)
    {
        this.z = z;
        this.score = score;
    }

    public override Tensor log_prob(Tensor value) => score(z, value);

    public override bool has_mean => false;

    public override Tensor mean =>
        throw new NotSupportedException("An autoregressive decoder has no mean in closed form: each value depends on the ones drawn before it.");
}
