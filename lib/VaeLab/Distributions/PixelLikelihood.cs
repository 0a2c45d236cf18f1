using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// p(x|z) of a decoder that reads z alone: independent pixels, each scored by the <see cref="Family"/> (Bernoulli on logits,
/// a Gaussian with fixed σ, or the discretised logistic) from the decoder's output for z. For a batch of z [N, D] the
/// output is shaped like the data; for [K, N, D] it has the extra leading axis and <see cref="log_prob"/> returns [K, N].
/// </summary>
public sealed class PixelLikelihood : Distribution
{
    public PixelLikelihood(DecoderLikelihood family, Tensor decoderOutput)
    {
        ArgumentNullException.ThrowIfNull(family);
        Family = family;
        DecoderOutput = decoderOutput;
    }

    /// <summary>Which distribution each pixel follows.</summary>
    public DecoderLikelihood Family { get; }

    /// <summary>The decoder's output: the parameters of p(x|z) (e.g. Bernoulli logits).</summary>
    public Tensor DecoderOutput { get; }

    public override Tensor log_prob(Tensor value) => Family.LogProbability(DecoderOutput, value);

    /// <summary>The pixel means: Bernoulli probabilities, the Gaussian mean, the discretised logistic's clipped location.</summary>
    public override Tensor mean => Family.Mean(DecoderOutput);

    /// <summary>Pixels drawn from p(x|z) (no gradient).</summary>
    public override Tensor sample(Generator? generator = null)
    {
        using var noGrad = no_grad();
        return Family.Kind switch
        {
            DecoderKind.Bernoulli => bernoulli(DecoderOutput.sigmoid(), generator),
            DecoderKind.Gaussian => DecoderOutput + Family.GaussianStd * randn(DecoderOutput.shape, dtype: DecoderOutput.dtype, device: DecoderOutput.device, generator: generator),
            _ => DiscretizedLogistic.Sample(DecoderOutput.chunk(2, 1)[0], DecoderOutput.chunk(2, 1)[1], generator),
        };
    }
}
