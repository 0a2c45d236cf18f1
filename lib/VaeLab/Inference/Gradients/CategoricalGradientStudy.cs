using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>Bias and variance of one estimator of ∇_θ E_{c ~ softmax(θ)}[f(c)].</summary>
/// <param name="Bias">‖mean estimate − exact gradient‖.</param>
/// <param name="BiasStandardError">The Monte Carlo standard error of the mean estimate (norm over coordinates): a bias of
/// a few times this or less is not resolved.</param>
/// <param name="Variance">Variance of one single-sample estimate, summed over coordinates.</param>
public sealed record CategoricalEstimate(string Estimator, double Temperature, double[] Mean, double[] Exact, double Bias, double BiasStandardError, double Variance);

/// <summary>
/// A categorical latent c ~ softmax(θ) over K classes, seen as a one-hot vector, and the test function
/// f(y) = ‖y − t‖² defined on the whole simplex (so relaxed samples can be scored too; a function linear in y would make
/// the straight-through estimator exact and hide its bias). The exact gradient of E[f(c)] = Σ_k p_k f(e_k) is
/// p ⊙ (r − pᵀr) with r_k = f(e_k). Compares the score-function estimator (exact in expectation, noisy), Gumbel-softmax at
/// several temperatures (the relaxed objective E[f(y_τ)]: biased, less noisy) and straight-through estimators (biased).
/// </summary>
public sealed class CategoricalGradientStudy
{
    public CategoricalGradientStudy(double[] logits, double[] target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.Length < 2 || logits.Length != target.Length)
            throw new ArgumentException($"Need K ≥ 2 logits and a target of the same length; got {logits.Length} and {target.Length}.");
        Logits = (double[])logits.Clone();
        Target = (double[])target.Clone();
    }

    public double[] Logits { get; }
    public double[] Target { get; }

    /// <summary>f(y) = Σ_k (y_k − t_k)² for y shaped [..., K].</summary>
    public Tensor Value(Tensor y)
    {
        using var t = tensor(Target, dtype: y.dtype);
        return (y - t).square().sum(dim: -1);
    }

    /// <summary>r_k = f(e_k), the value of each class.</summary>
    public double[] ClassValues() =>
        Enumerable.Range(0, Logits.Length).Select(k => Target.Select((t, j) => Math.Pow((j == k ? 1 : 0) - t, 2)).Sum()).ToArray();

    /// <summary>Class probabilities softmax(θ).</summary>
    public double[] Probabilities()
    {
        var max = Logits.Max();
        var weights = Logits.Select(l => Math.Exp(l - max)).ToArray();
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    /// <summary>∇_θ Σ_k softmax(θ)_k r_k = p ⊙ (r − pᵀr).</summary>
    public double[] ExactGradient()
    {
        var p = Probabilities();
        var r = ClassValues();
        var expected = p.Zip(r, (a, b) => a * b).Sum();
        return p.Select((pk, k) => pk * (r[k] - expected)).ToArray();
    }

    /// <summary>f(c)·∇_θ log p_c with c a Gumbel-max sample.</summary>
    public CategoricalEstimate ScoreFunction(int samples, int seed) =>
        Measure("score function", 0, samples, seed, (theta, generator) =>
        {
            var oneHot = GumbelSoftmax.OneHotArgmax(theta.detach() + GumbelSoftmax.GumbelNoise(theta, generator));
            var logP = (theta.log_softmax(-1) * oneHot).sum(dim: -1);
            return (Value(oneHot).detach() * logP).sum();
        });

    /// <summary>∇_θ f(softmax((θ + g)/τ)).</summary>
    public CategoricalEstimate Relaxed(double temperature, int samples, int seed) =>
        Measure("Gumbel-softmax", temperature, samples, seed, (theta, generator) =>
            Value(GumbelSoftmax.Sample(theta, temperature, hard: false, generator)).sum());

    /// <summary>Forward: the one-hot Gumbel-max sample; backward: the relaxed sample's gradient.</summary>
    public CategoricalEstimate StraightThroughGumbel(double temperature, int samples, int seed) =>
        Measure("straight-through Gumbel-softmax", temperature, samples, seed, (theta, generator) =>
            Value(GumbelSoftmax.Sample(theta, temperature, hard: true, generator)).sum());

    /// <summary>Forward: a one-hot sample; backward: as if it were softmax(θ).</summary>
    public CategoricalEstimate StraightThrough(int samples, int seed) =>
        Measure("straight-through", 0, samples, seed, (theta, generator) =>
            Value(GumbelSoftmax.StraightThroughSample(theta, generator)).sum());

    /// <summary>
    /// Draws <paramref name="samples"/> single-sample estimates at once: θ is repeated per sample as a leaf, so the
    /// gradient of the summed surrogate is the list of per-sample estimates.
    /// </summary>
    private CategoricalEstimate Measure(string name, double temperature, int samples, int seed, Func<Tensor, Generator, Tensor> surrogate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        using var scope = NewDisposeScope();
        var theta = tensor(Logits, dtype: ScalarType.Float64).unsqueeze(0).repeat(samples, 1).requires_grad_();
        using var generator = new Generator((ulong)seed);
        surrogate(theta, generator).backward();
        var grads = theta.grad!;
        var meanValues = grads.mean(new long[] { 0 }).data<double>().ToArray();
        var variance = grads.var(new long[] { 0 }).sum().item<double>();
        var exact = ExactGradient();
        var bias = Math.Sqrt(meanValues.Select((m, i) => Math.Pow(m - exact[i], 2)).Sum());
        return new CategoricalEstimate(name, temperature, meanValues, exact, bias, Math.Sqrt(variance / samples), variance);
    }
}
