using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// Relaxed and straight-through samples of a categorical distribution given by logits (Jang et al. 2017;
/// Maddison et al. 2017). With g_k ~ Gumbel(0, 1), argmax_k(logits_k + g_k) is an exact categorical sample
/// (the Gumbel-max trick), and softmax((logits + g)/τ) is a differentiable relaxation of its one-hot vector.
/// </summary>
public static class GumbelSoftmax
{
    /// <summary>Gumbel(0, 1) noise −log(−log U), U ~ Uniform(0, 1), shaped like <paramref name="logits"/>.</summary>
    public static Tensor GumbelNoise(Tensor logits, Generator? generator = null)
    {
        var uniform = rand(logits.shape, dtype: logits.dtype, device: logits.device, generator: generator);
        var tiny = logits.dtype == ScalarType.Float64 ? 1e-300 : 1e-30;
        return -(-(uniform.clamp_min(tiny)).log()).clamp_min(tiny).log();
    }

    /// <summary>
    /// A relaxed one-hot sample softmax((logits + g)/τ) over the last dimension. With <paramref name="hard"/>, the
    /// forward value is the exact one-hot argmax while the gradient is the relaxed sample's (straight-through Gumbel-softmax).
    /// </summary>
    public static Tensor Sample(Tensor logits, double temperature, bool hard = false, Generator? generator = null)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature τ must be positive.");
        var soft = ((logits + GumbelNoise(logits, generator)) / temperature).softmax(-1);
        return hard ? StraightThrough(OneHotArgmax(soft), soft) : soft;
    }

    /// <summary>
    /// Straight-through estimator (Bengio et al. 2013): a categorical sample as a one-hot vector in the forward pass, with
    /// the gradient of the probabilities softmax(logits) in the backward pass.
    /// </summary>
    public static Tensor StraightThroughSample(Tensor logits, Generator? generator = null)
    {
        var probabilities = logits.softmax(-1);
        var oneHot = OneHotArgmax(logits.detach() + GumbelNoise(logits, generator));
        return StraightThrough(oneHot, probabilities);
    }

    /// <summary>Forward value <paramref name="forward"/>, gradient of <paramref name="backward"/>: b + (f − b).detach().</summary>
    public static Tensor StraightThrough(Tensor forward, Tensor backward) => backward + (forward - backward).detach();

    /// <summary>The one-hot vector of the largest entry along the last dimension (no gradient).</summary>
    public static Tensor OneHotArgmax(Tensor scores)
    {
        var index = scores.argmax(-1);
        return nn.functional.one_hot(index, scores.shape[^1]).to_type(scores.dtype);
    }
}
