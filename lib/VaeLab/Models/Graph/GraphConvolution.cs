using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Graph;

/// <summary>
/// One graph-convolution layer (Kipf &amp; Welling 2017, eq. 2, without the non-linearity): H = Â X W (+ b), where
/// Â is the normalised adjacency from <see cref="GraphNormalization.Symmetric"/>, X the node features [n, in] and W
/// a weight [in, out]. Each node's new features are a degree-weighted average of its neighbours' (and its own)
/// transformed features. Apply an activation outside the layer (VGAE: ReLU after the first layer, none after the
/// mean and log-variance layers; Kipf &amp; Welling 2016).
/// </summary>
public sealed class GraphConvolution : Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    /// <summary>
    /// Weight initialised Glorot-uniform, U(−r, r) with r = √(6 / (in + out)) (Glorot &amp; Bengio 2010), as in
    /// Kipf's reference code; bias (off by default, as there) starts at zero. <paramref name="generator"/> makes
    /// the initialisation reproducible without touching torch's global generator.
    /// </summary>
    public GraphConvolution(int inputFeatures, int outputFeatures, bool hasBias = false, Generator? generator = null)
        : base(nameof(GraphConvolution))
    {
        if (inputFeatures < 1 || outputFeatures < 1)
            throw new ArgumentException($"Feature sizes must be positive; got {inputFeatures} in, {outputFeatures} out.");
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
        var range = Math.Sqrt(6.0 / (inputFeatures + outputFeatures));
        using (no_grad())
        {
            var initial = rand([inputFeatures, outputFeatures], generator: generator) * (2 * range) - range;
            weight = new Parameter(initial);
        }
        if (hasBias) bias = new Parameter(zeros(outputFeatures));
        RegisterComponents();
    }

    public int InputFeatures { get; }

    public int OutputFeatures { get; }

    /// <summary>Â (X W) (+ b). <paramref name="features"/> X is [n, in]; <paramref name="normalizedAdjacency"/> Â is [n, n].</summary>
    public override Tensor forward(Tensor features, Tensor normalizedAdjacency)
    {
        CheckShapes(features, normalizedAdjacency);
        // X W first: with out ≤ in the dense n×n product then runs on the narrower matrix.
        var propagated = normalizedAdjacency.mm(features.mm(weight));
        return bias is null ? propagated : propagated + bias;
    }

    // Checked here: a size mismatch inside native mm aborts the process instead of throwing.
    private void CheckShapes(Tensor features, Tensor adjacency)
    {
        if (features.dim() != 2 || features.shape[1] != InputFeatures)
            throw new ArgumentException($"GraphConvolution expects node features [n, {InputFeatures}]; got [{string.Join(", ", features.shape)}].");
        if (adjacency.dim() != 2 || adjacency.shape[0] != features.shape[0] || adjacency.shape[1] != features.shape[0])
            throw new ArgumentException(
                $"The normalised adjacency must be [{features.shape[0]}, {features.shape[0]}] for {features.shape[0]} nodes; got [{string.Join(", ", adjacency.shape)}].");
    }
}
