using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Objectives;

/// <summary>
/// VQ-GAN's adaptive adversarial weight (Esser et al. 2021; <c>calculate_adaptive_weight</c> in their released code): the
/// loss is reconstruction + w · λ · adversarial, with λ = ‖∇_L reconstruction‖ / (‖∇_L adversarial‖ + 10⁻⁴) taken at the
/// decoder's last layer L at every step, clamped to [0, 10⁴] and not differentiated. So the adversarial term's gradient
/// at the decoder's output has w times the reconstruction's size whatever the two terms' scales (a pixel sum of 784
/// log-likelihoods against one GAN loss per image). The weight applied, w · λ, is recorded as the adversarial term's.
/// </summary>
public sealed class AdaptiveAdversarialWeight : IObjective
{
    public AdaptiveAdversarialWeight(WeightedTerms reconstruction, Term adversarial, double weight, Parameter lastLayer)
    {
        ArgumentNullException.ThrowIfNull(reconstruction);
        ArgumentNullException.ThrowIfNull(lastLayer);
        if (!(weight >= 0) || !double.IsFinite(weight)) throw new ArgumentException($"The adversarial weight must be finite and non-negative; got {weight}.");
        Reconstruction = reconstruction;
        Adversarial = adversarial;
        Weight = weight;
        LastLayer = lastLayer;
    }

    public WeightedTerms Reconstruction { get; }

    public Term Adversarial { get; }

    public double Weight { get; }

    public Parameter LastLayer { get; }

    public ObjectiveResult Compute(ModelOutput output, TrainingStep step)
    {
        var reconstruction = Reconstruction.Compute(output, step);
        if (!output.Terms.TryGetValue(Adversarial, out var adversarialTerm))
            throw new ArgumentException($"The objective names '{Adversarial}', which this model does not report; it reports {string.Join(", ", output.Terms.Keys)}.");
        var adversarial = adversarialTerm.mean();
        var ratio = GradientNorm(reconstruction.Loss) / (GradientNorm(adversarial) + 1e-4);
        var lambda = Weight * Math.Clamp(ratio, 0, 1e4);
        var weights = new Dictionary<Term, double>(reconstruction.Weights.TermWeights) { [Adversarial] = lambda };
        return new ObjectiveResult(reconstruction.Loss + lambda * adversarial, reconstruction.Weights with { TermWeights = weights });
    }

    private double GradientNorm(Tensor loss)
    {
        var gradient = torch.autograd.grad([loss], [LastLayer], retain_graph: true)[0];
        using var norm = gradient.norm();
        return norm.to_type(ScalarType.Float64).item<double>();
    }
}
