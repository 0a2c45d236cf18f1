using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A Gaussian-latent VAE whose decoder is autoregressive: p(x | z) = Π_t p(x_t | x_{&lt;t}, z), scored with teacher
/// forcing (the true previous values are fed in), so the decoder needs x itself and not only z. A GRU over tokens
/// (Bowman et al. 2016) and a MADE-style masked MLP over pixels (Germain et al. 2015) are two such decoders. Such a
/// decoder can model much of x without z, which is what makes posterior collapse possible.
/// </summary>
public interface ITeacherForcedVae
{
    /// <summary>Size of the latent code z.</summary>
    int LatentSize { get; }

    /// <summary>Encodes a batch [N, ...] into μ and log σ², each [N, LatentSize].</summary>
    (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    /// <summary>
    /// log p(x | z) per example with teacher forcing: z [N, D] gives [N]; z [K, N, D] (K samples per example, as in
    /// the importance-weighted bound) gives [K, N].
    /// </summary>
    Tensor LogLikelihood(Tensor z, Tensor x);
}

/// <summary>
/// The forward pass shared by the teacher-forced VAEs, written once (as <see cref="GaussianVae"/> does for decoders of
/// z alone): encode, draw z = μ + σ·ε with <c>rsample()</c>, score log p(x | z) with teacher forcing, and report the
/// closed-form KL per dimension. Subclasses supply <see cref="Encode"/> and <see cref="LogLikelihood"/>.
/// </summary>
public abstract class TeacherForcedVae : nn.Module<Tensor, ModelOutput>, ITeacherForcedVae
{
    protected TeacherForcedVae(string name) : base(name) { }

    public abstract int LatentSize { get; }

    public abstract (Tensor Mean, Tensor LogVariance) Encode(Tensor x);

    public abstract Tensor LogLikelihood(Tensor z, Tensor x);

    public override ModelOutput forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var z = posterior.rsample();
        var klPerDimension = GaussianKl.ToStandardNormal(posterior);
        var terms = new Dictionary<string, Tensor>
        {
            [TermNames.LogLikelihood] = LogLikelihood(z, x),
            [TermNames.Kl] = GaussianKl.Total(klPerDimension),
        };
        return new ModelOutput(terms) { Posterior = posterior, Latent = z, KlPerDimension = klPerDimension };
    }

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
