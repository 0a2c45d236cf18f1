using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// q(z|x) of a vector-quantised or finite-scalar-quantised autoencoder: a point mass on one code per grid position
/// (van den Oord et al. 2017, §3.1: "the posterior categorical distribution q(z|x) probabilities are defined as
/// one-hot"). <see cref="Indices"/> are the chosen codes [N, positions…]; the value is their code vectors as the
/// decoder reads them, with the straight-through (or rotation-trick) gradient, which <see cref="rsample"/> returns.
/// Against the uniform prior over K codes (<see cref="CodebookPrior"/>) the KL is the constant log K per position.
/// </summary>
public sealed class CodeAssignment : Distribution
{
    public CodeAssignment(Tensor indices, Tensor value, long codebookSize)
    {
        if (indices.dtype != ScalarType.Int64 || indices.dim() < 1)
            throw new ArgumentException($"Code indices must be int64 [N, …]; got {indices.dtype} {Shape(indices)}.");
        if (value.dim() < 1 || value.shape[0] != indices.shape[0])
            throw new ArgumentException($"The code vectors {Shape(value)} must hold the same N examples as the indices {Shape(indices)}.");
        if (codebookSize < 2) throw new ArgumentException($"A codebook needs at least 2 codes; got {codebookSize}.");
        Indices = indices;
        Value = value;
        CodebookSize = codebookSize;
    }

    /// <summary>The code chosen at every position, int64 [N, positions…].</summary>
    public Tensor Indices { get; }

    /// <summary>The chosen codes' vectors as the decoder reads them (gradient: straight-through or the rotation trick).</summary>
    public Tensor Value { get; }

    /// <summary>K.</summary>
    public long CodebookSize { get; }

    /// <summary>Code positions per example (49 for a 7 × 7 grid).</summary>
    public long Positions => Indices[0].numel();

    /// <summary>0 per example: the point mass puts probability 1 on its own value.</summary>
    public override Tensor log_prob(Tensor value) => zeros(value.shape[0], dtype: Value.dtype, device: Value.device);

    /// <summary>The code vectors with the quantiser's gradient estimator (straight-through or the rotation trick).</summary>
    public override bool has_rsample => true;

    public override Tensor rsample() => Value;

    public override Tensor sample(Generator? generator = null) => Value.detach();

    public override Tensor sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Value.detach().unsqueeze(0).expand([count, .. Value.shape]);
    }

    public override Tensor mean => Value;
}
