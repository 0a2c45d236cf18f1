using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// The base of a latent-variable model that trains through the ELBO: a subclass supplies q(z|x), p(z) and p(x|z), and
/// <c>forward</c> is the <see cref="ElboPass"/> (with <see cref="Sampling"/> choosing rsample or sample).
/// </summary>
public abstract class LatentVariableModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel
{
    protected LatentVariableModel(string name) : base(name) { }

    /// <summary>Reparameterized (default) or detached sampling of z during the forward pass.</summary>
    public LatentSampling Sampling { get; set; } = LatentSampling.Reparameterized;

    public abstract Distribution Posterior(Tensor x);

    public abstract Distribution Prior { get; }

    public abstract Distribution Likelihood(Tensor z);

    public override ModelOutput forward(Tensor x) => ElboPass.Run(this, x, Sampling);
}
