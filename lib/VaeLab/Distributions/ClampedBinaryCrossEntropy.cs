using static TorchSharp.torch;

namespace VaeLab.Distributions;

/// <summary>
/// PyTorch's <c>binary_cross_entropy(p, t)</c> formula, −[t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)] per element,
/// written out with autograd-friendly tensor operations and without a range check on t. PyTorch up to 2.0 computed exactly
/// this for any target (so the seed's targets in [−1, 1] gave a finite, negative loss; measured with 1.13); PyTorch 2.1 and
/// later (pytorch/pytorch#97814), and libtorch 2.10, which TorchSharp 0.107 ships, refuse targets outside [0, 1]. Notebook 04 uses it to show what the seed's recipe did.
/// </summary>
public static class ClampedBinaryCrossEntropy
{
    /// <summary>PyTorch clamps each log at this value so that p = 0 or 1 gives a finite loss.</summary>
    public const double LogClamp = -100;

    /// <summary>Per-element loss for probabilities <paramref name="p"/> and targets <paramref name="target"/> (any values).</summary>
    public static Tensor Loss(Tensor p, Tensor target)
    {
        using var scope = NewDisposeScope();
        var logP = p.log().clamp_min(LogClamp);
        var logNotP = (1 - p).log().clamp_min(LogClamp);
        return (-(target * logP + (1 - target) * logNotP)).MoveToOuterDisposeScope();
    }
}
