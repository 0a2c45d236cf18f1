using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>Bias and variance of one estimator of ∇_θ E_{c ~ softmax(θ)}[f_c].</summary>
/// <param name="Bias">‖mean estimate − exact gradient‖.</param>
/// <param name="BiasStandardError">The Monte Carlo standard error of that mean (norm over coordinates), so a bias below ≈ 2–3× this is not resolved.</param>
/// <param name="Variance">Variance of one single-sample estimate, summed over coordinates.</param>
public sealed record CategoricalEstimate(string Estimator, double Temperature, double[] Mean, double[] Exact, double Bias, double BiasStandardError, double Variance);

/// <summary>
/// A categorical latent c ~ softmax(θ) over K classes and a reward vector f: the exact gradient of E[f_c] is
/// p ⊙ (f − pᵀf). Compares the score-function estimator (exact but noisy), Gumbel-softmax at several temperatures
/// (the relaxed objective Σ_k y_k f_k: low variance, biased) and the straight-through estimator (biased).
/// </summary>
public static class CategoricalGradientStudy
{
    /// <summary>∇_θ Σ_k softmax(θ)_k f_k = p ⊙ (f − pᵀf).</summary>
    public static double[] ExactGradient(double[] logits, double[] rewards)
    {
        CheckSizes(logits, rewards);
        var max = logits.Max();
        var weights = logits.Select(l => Math.Exp(l - max)).ToArray();
        var total = weights.Sum();
        var p = weights.Select(w => w / total).ToArray();
        var expected = p.Zip(rewards, (a, b) => a * b).Sum();
        return p.Select((pk, k) => pk * (rewards[k] - expected)).ToArray();
    }

    public static CategoricalEstimate ScoreFunction(double[] logits, double[] rewards, int samples, int seed) =>
        Measure("score function", 0, logits, rewards, samples, seed, (theta, f, generator) =>
        {
            var oneHot = GumbelSoftmax.OneHotArgmax(theta.detach() + GumbelSoftmax.GumbelNoise(theta, generator));
            var logP = (theta.log_softmax(-1) * oneHot).sum(dim: -1);
            var reward = (oneHot * f).sum(dim: -1);
            return (reward.detach() * logP).sum();
        });

    public static CategoricalEstimate Relaxed(double[] logits, double[] rewards, double temperature, int samples, int seed) =>
        Measure("Gumbel-softmax", temperature, logits, rewards, samples, seed, (theta, f, generator) =>
            (GumbelSoftmax.Sample(theta, temperature, hard: false, generator) * f).sum());

    public static CategoricalEstimate StraightThroughGumbel(double[] logits, double[] rewards, double temperature, int samples, int seed) =>
        Measure("straight-through Gumbel-softmax", temperature, logits, rewards, samples, seed, (theta, f, generator) =>
            (GumbelSoftmax.Sample(theta, temperature, hard: true, generator) * f).sum());

    public static CategoricalEstimate StraightThrough(double[] logits, double[] rewards, int samples, int seed) =>
        Measure("straight-through", 0, logits, rewards, samples, seed, (theta, f, generator) =>
            (GumbelSoftmax.StraightThroughSample(theta, generator) * f).sum());

    /// <summary>
    /// Draws <paramref name="samples"/> single-sample estimates at once: θ is repeated per sample as a leaf, so the
    /// gradient of the summed surrogate is the list of per-sample estimates.
    /// </summary>
    private static CategoricalEstimate Measure(
        string name, double temperature, double[] logits, double[] rewards, int samples, int seed,
        Func<Tensor, Tensor, Generator, Tensor> surrogate)
    {
        CheckSizes(logits, rewards);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        using var scope = NewDisposeScope();
        var k = logits.Length;
        var theta = tensor(logits, dtype: ScalarType.Float64).unsqueeze(0).repeat(samples, 1).requires_grad_();
        var f = tensor(rewards, dtype: ScalarType.Float64).unsqueeze(0);
        surrogate(theta, f, new Generator((ulong)seed)).backward();
        var grads = theta.grad!;
        var mean = grads.mean(new long[] { 0 });
        var variance = grads.var(0).sum().item<double>();
        var exact = ExactGradient(logits, rewards);
        var meanValues = mean.data<double>().ToArray();
        var bias = Math.Sqrt(meanValues.Select((m, i) => Math.Pow(m - exact[i], 2)).Sum());
        var standardError = Math.Sqrt(variance / samples);
        return new CategoricalEstimate(name, temperature, meanValues, exact, bias, standardError, variance);
    }

    private static void CheckSizes(double[] logits, double[] rewards)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(rewards);
        if (logits.Length < 2 || logits.Length != rewards.Length)
            throw new ArgumentException($"Need K ≥ 2 logits and as many rewards; got {logits.Length} and {rewards.Length}.");
    }
}
