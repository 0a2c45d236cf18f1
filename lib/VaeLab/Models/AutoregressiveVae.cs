using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A Gaussian-latent VAE whose decoder is autoregressive: p(x | z) = Π_t p(x_t | x_&lt;t, z), scored with the true previous
/// values fed in (teacher forcing), so the likelihood needs x itself and not only z (<see cref="AutoregressiveLikelihood"/>).
/// A GRU over tokens (Bowman et al. 2016) and a MADE-style masked MLP over pixels (Germain et al. 2015) are two such
/// decoders. Such a decoder can model much of x without z, which is what makes posterior collapse possible. The forward
/// pass is the one <see cref="ElboPass"/>; subclasses supply <see cref="Encode"/> and <see cref="LogLikelihood"/>.
/// </summary>
public abstract class AutoregressiveVae : LatentVariableModel
{
    private StandardNormal? prior;

    protected AutoregressiveVae(string name) : base(name) { }

    /// <summary>Size of the latent code z.</summary>
    public abstract int LatentSize { get; }

    /// <summary>Encodes a batch [N, ...] into μ and log σ², each [N, LatentSize].</summary>
    public abstract (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    /// <summary>
    /// log p(x | z) per example with teacher forcing: z [N, D] gives [N]; z [K, N, D] (K samples per example, as in the
    /// importance-weighted bound) gives [K, N].
    /// </summary>
    public abstract Tensor LogLikelihood(Tensor z, Tensor x);

    public override Distribution Posterior(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        return DiagonalNormal.FromLogVariance(mean, logVariance);
    }

    public override Distribution Prior => prior ??= new StandardNormal(LatentSize);

    public override Distribution Likelihood(Tensor z) => new AutoregressiveLikelihood(z, LogLikelihood);

    /// <summary>Flattens z [..., N, D] to [M, D] and repeats x [N, ...] to [M, ...] (M = N times the leading sizes).</summary>
    protected (Tensor Z, Tensor X, long[] Leading) Broadcast(Tensor z, Tensor x)
    {
        if (z.dim() < 2 || z.shape[^1] != LatentSize || z.shape[^2] != x.shape[0])
            throw new ArgumentException(
                $"{GetName()} scores latents shaped [..., {x.shape[0]}, {LatentSize}] against a batch of {x.shape[0]}; got z [{string.Join(", ", z.shape)}].");
        var leading = z.shape[..^1];
        var samples = leading.Aggregate(1L, (a, b) => a * b) / x.shape[0];
        var flatZ = z.reshape(-1, LatentSize);
        var flatX = samples == 1 ? x : x.unsqueeze(0).expand([samples, .. x.shape]).reshape([samples * x.shape[0], .. x.shape[1..]]);
        return (flatZ, flatX, leading);
    }
}
