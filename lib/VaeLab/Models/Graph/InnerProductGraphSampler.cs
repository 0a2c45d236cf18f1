using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Models.Graph;

/// <summary>
/// The VGAE's generative model run forwards (Kipf &amp; Welling 2016): given node latents Z, every pair i &lt; j is an
/// edge independently with probability σ(z_i · z_j). With Z drawn from the prior N(0, I) this is how the model would
/// generate a new graph; with Z = the encoder means of a trained model it re-draws (a noisy copy of) the training graph.
/// </summary>
public static class InnerProductGraphSampler
{
    /// <summary>Latents from the prior: Z ~ N(0, I), Float32 [nodes, latentSize].</summary>
    public static Tensor PriorLatents(int nodes, int latentSize, Generator generator)
    {
        if (nodes < 2 || latentSize < 1)
            throw new ArgumentException($"Need at least 2 nodes and 1 latent dimension; got {nodes} nodes, {latentSize} dimensions.");
        return randn([nodes, latentSize], generator: generator);
    }

    /// <summary>A symmetric 0/1 adjacency (Float32 [n, n], zero diagonal) with A_ij ~ Bernoulli(σ(z_i · z_j)) for i &lt; j.</summary>
    public static Tensor Sample(Tensor latents, Generator generator)
    {
        if (latents.dim() != 2 || latents.shape[0] < 2)
            throw new ArgumentException($"Latents must be [n, D] with n ≥ 2; got [{string.Join(", ", latents.shape)}].");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = latents.detach().to_type(ScalarType.Float64);
        var probabilities = sigmoid(z.mm(z.t()));
        var draws = (rand(probabilities.shape, dtype: ScalarType.Float64, generator: generator) < probabilities).triu(1);
        var upper = draws.to_type(ScalarType.Float32);
        return (upper + upper.t()).MoveToOuterDisposeScope();
    }
}
