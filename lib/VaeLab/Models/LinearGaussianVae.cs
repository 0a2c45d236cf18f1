using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models;

/// <summary>
/// The linear VAE of Lucas et al. 2019 ("Don't blame the ELBO! A linear VAE perspective on posterior collapse") as a
/// trainable model: decoder p(x | z) = N(W z + b, σ² I) with σ fixed, encoder q(z | x) = N(V x + c, diag s²) whose
/// variances s² are parameters shared by every x. Its optimum is known in closed form
/// (<c>Inference.Classic.ProbabilisticPca</c>), so training can be checked against it.
/// </summary>
public sealed class LinearGaussianVae : GaussianVae
{
    private readonly Linear encoder;
    private readonly Parameter encoderLogVariance;
    private readonly Linear decoder;
    private readonly DecoderLikelihood likelihood;

    public LinearGaussianVae(int dataSize, int latentSize, double noiseStd) : base(nameof(LinearGaussianVae))
    {
        if (dataSize < 1 || latentSize < 1) throw new ArgumentException($"Sizes must be positive; got data {dataSize}, latent {latentSize}.");
        likelihood = DecoderLikelihood.Gaussian(noiseStd);
        likelihood.Validate();
        DataSize = dataSize;
        LatentSize = latentSize;
        encoder = Linear(dataSize, latentSize);
        encoderLogVariance = Parameter(zeros(latentSize));
        decoder = Linear(latentSize, dataSize);
        RegisterComponents();
    }

    public int DataSize { get; }

    public override int LatentSize { get; }

    public override DecoderLikelihood DecoderLikelihood => likelihood;

    /// <summary>σ², the decoder's fixed noise variance.</summary>
    public double NoiseVariance => likelihood.GaussianStd * likelihood.GaussianStd;

    public override (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        var mean = encoder.call(x.reshape(x.shape[0], DataSize));
        return (mean, encoderLogVariance.unsqueeze(0).expand_as(mean));
    }

    public override Tensor Decode(Tensor z) => decoder.call(z);
}
