using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Inference.Classic;

/// <summary>
/// q_φ(z | x) = N(μ_φ(x), diag σ²_φ(x)) from one small MLP: the encoder of a VAE, shared by every data point instead
/// of one (mean, variance) pair per point.
/// </summary>
public sealed class AmortisedGaussianEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly int latent;

    public AmortisedGaussianEncoder(int dataDimension, int hiddenUnits, int latentDimension) : base(nameof(AmortisedGaussianEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenUnits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDimension, 1);
        DataDimension = dataDimension;
        latent = latentDimension;
        hidden = nn.Linear(dataDimension, hiddenUnits, dtype: ScalarType.Float64);
        output = nn.Linear(hiddenUnits, 2 * latentDimension, dtype: ScalarType.Float64);
        RegisterComponents();
    }

    public int DataDimension { get; }
    public int LatentDimension => latent;

    public override (Tensor Mean, Tensor LogVariance) forward(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != DataDimension)
            throw new ArgumentException($"The encoder expects x of shape [batch, {DataDimension}], got [{string.Join(", ", x.shape)}].");
        using var h = nn.functional.tanh(hidden.call(x));
        var both = output.call(h);
        return (both[.., ..latent], both[.., latent..]);
    }

    public long ParameterCount => parameters().Sum(p => p.numel());
}

/// <summary>
/// The encoder inside the linear-Gaussian model as a model of the series: for a batch x it reports, per row, the
/// closed-form E_q[log p(x|z)] as log_likelihood and KL(q(z|x) ‖ N(0, I)) as kl, so the ELBO is exact (no sampling)
/// and the one Trainer fits it full-batch in Float64.
/// </summary>
public sealed class AmortisedLinearGaussianVae : nn.Module<Tensor, ModelOutput>
{
    private readonly AmortisedGaussianEncoder encoder;
    private readonly Tensor weights;
    private readonly Tensor bias;
    private readonly double noiseVariance;

    public AmortisedLinearGaussianVae(LinearGaussianLatentModel model, int hiddenUnits) : base(nameof(AmortisedLinearGaussianVae))
    {
        encoder = new AmortisedGaussianEncoder(model.DataDimension, hiddenUnits, model.LatentDimension);
        weights = LinearGaussianElbo.ToTensor(model.Weights);
        bias = tensor(model.Bias, dtype: ScalarType.Float64);
        noiseVariance = model.NoiseVariance;
        RegisterComponents();
    }

    public AmortisedGaussianEncoder Encoder => encoder;

    public override ModelOutput forward(Tensor x)
    {
        var (mean, logVariance) = encoder.call(x);
        var (expectedLogLikelihood, kl) = LinearGaussianElbo.ElboTerms(x, mean, logVariance, weights, bias, noiseVariance);
        return new ModelOutput(new Dictionary<Term, Tensor> { [Term.LogLikelihood] = expectedLogLikelihood, [Term.Kl] = kl });
    }
}
