using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// p(A|Z) of the graph autoencoder (Kipf &amp; Welling 2016): each pair of nodes linked with probability σ(z_i · z_j), given
/// the edge logits [.., n, n]. <see cref="log_prob"/> scores an adjacency (0/1, self-loops included) per node i: the
/// log-likelihood of row i, with the rare edges reweighted by <see cref="PositiveWeight"/> and the whole scaled by
/// <see cref="Norm"/> as Kipf &amp; Welling's reference code does (both 1: the plain log-likelihood).
/// </summary>
public sealed class EdgeBernoulli : Distribution
{
    public EdgeBernoulli(Tensor logits, double positiveWeight = 1.0, double norm = 1.0)
    {
        if (logits.dim() < 2 || logits.shape[^1] != logits.shape[^2])
            throw new ArgumentException($"Edge logits must be [.., n, n]; got {Shape(logits)}.");
        Logits = logits;
        PositiveWeight = positiveWeight;
        Norm = norm;
    }

    /// <summary>z_i · z_j for every pair.</summary>
    public Tensor Logits { get; }

    public double PositiveWeight { get; }

    public double Norm { get; }

    /// <summary>Per node i: Norm · Σ_j [w·A_ij·log σ(l_ij) + (1 − A_ij)·log σ(−l_ij)], shaped [.., n].</summary>
    public override Tensor log_prob(Tensor value)
    {
        if (!value.shape.SequenceEqual(Logits.shape[^2..]))
            throw new ArgumentException($"The adjacency must be [{Logits.shape[^1]}, {Logits.shape[^1]}]; got {Shape(value)}.");
        var perPair = PositiveWeight * value * nn.functional.logsigmoid(Logits) + (1 - value) * nn.functional.logsigmoid(-Logits);
        return Norm * perPair.sum(dim: -1);
    }

    /// <summary>Edge probabilities σ(z_i · z_j).</summary>
    public override Tensor mean => Logits.sigmoid();
}
