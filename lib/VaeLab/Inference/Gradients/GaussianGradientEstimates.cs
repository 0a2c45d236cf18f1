using VaeLab.Distributions;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Inference.Gradients;

/// <summary>
/// Many independent runs of one gradient estimator, each averaging <see cref="SamplesPerRun"/> samples:
/// the per-run estimates of ∇_μ and ∇_σ of E_{N(μ, diag σ²)}[f], as [Runs, D] arrays of doubles.
/// </summary>
public sealed record GaussianGradientEstimates(
    GradientEstimator Estimator, ScoreBaseline Baseline, int SamplesPerRun, double[,] MeanGradients, double[,] StdGradients)
{
    public int Runs => MeanGradients.GetLength(0);
    public int Dimension => MeanGradients.GetLength(1);

    /// <summary>The label used in tables and charts, e.g. "score function + baseline".</summary>
    public string Label => Describe(Estimator, Baseline);

    public static string Describe(GradientEstimator estimator, ScoreBaseline baseline) => estimator switch
    {
        GradientEstimator.Pathwise => "pathwise",
        _ when baseline == ScoreBaseline.LeaveOneOut => "score function + baseline",
        _ => "score function",
    };
}

/// <summary>
/// Runs the score-function and pathwise estimators for a diagonal Gaussian q = N(μ, diag σ²) through autograd,
/// vectorised over runs: every run gets its own copy of μ and σ as leaves, so one backward pass yields every run's
/// estimate (runs do not share samples, so the gradient of the sum is the list of per-run gradients).
/// </summary>
public static class GaussianGradientEstimator
{
    /// <summary>Keeps each vectorised chunk near this many numbers so memory stays small.</summary>
    private const long ChunkElements = 1 << 21;

    /// <param name="estimator">Which estimator.</param>
    /// <param name="objective">f: maps z shaped [..., D] to values shaped [...]; must be differentiable for the pathwise estimator.</param>
    /// <param name="mean">μ, D values.</param>
    /// <param name="std">σ, D positive values.</param>
    /// <param name="samplesPerRun">Samples averaged in one estimate (S ≥ 1; S ≥ 2 for the leave-one-out baseline).</param>
    /// <param name="runs">Independent estimates to draw.</param>
    /// <param name="seed">Seed of the generator that draws ε.</param>
    /// <param name="baseline">Control variate for the score-function estimator (ignored by the pathwise one).</param>
    public static GaussianGradientEstimates Run(
        GradientEstimator estimator, Func<Tensor, Tensor> objective, double[] mean, double[] std,
        int samplesPerRun, int runs, int seed, ScoreBaseline baseline = ScoreBaseline.None)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Validate(mean, std, samplesPerRun, runs, estimator, baseline);
        var dimension = mean.Length;
        var meanGradients = new double[runs, dimension];
        var stdGradients = new double[runs, dimension];
        using var generator = new Generator((ulong)seed);
        var runsPerChunk = (int)Math.Clamp(ChunkElements / ((long)samplesPerRun * dimension), 1, runs);

        for (var first = 0; first < runs; first += runsPerChunk)
        {
            var count = Math.Min(runsPerChunk, runs - first);
            using var scope = NewDisposeScope();
            var (dMean, dStd) = Chunk(estimator, objective, mean, std, samplesPerRun, count, generator, baseline);
            Copy(dMean, meanGradients, first);
            Copy(dStd, stdGradients, first);
        }
        return new GaussianGradientEstimates(
            estimator, estimator == GradientEstimator.Pathwise ? ScoreBaseline.None : baseline, samplesPerRun, meanGradients, stdGradients);
    }

    /// <summary>
    /// One chunk of runs. Pathwise: z = μ + σ·ε keeps z a function of μ, σ, so backward through f reaches them.
    /// Score function: z is sampled with no path to μ, σ; the surrogate (f(z) − b)·log q(z) has the estimator as its gradient.
    /// </summary>
    private static (Tensor Mean, Tensor Std) Chunk(
        GradientEstimator estimator, Func<Tensor, Tensor> objective, double[] mean, double[] std,
        int samples, int runs, Generator generator, ScoreBaseline baseline)
    {
        var dimension = mean.Length;
        var mu = tensor(mean, dtype: ScalarType.Float64).reshape(1, 1, dimension).repeat(runs, 1, 1).requires_grad_();
        var sigma = tensor(std, dtype: ScalarType.Float64).reshape(1, 1, dimension).repeat(runs, 1, 1).requires_grad_();
        // TorchSharp's Normal: rsample() is z = μ + σ·ε (a function of μ, σ); sample() draws under no-grad (no path back).
        using var q = new TorchSharp.Modules.Normal(mu.expand(runs, samples, dimension), sigma.expand(runs, samples, dimension), generator);

        Tensor surrogate;
        if (estimator == GradientEstimator.Pathwise)
        {
            surrogate = objective(q.rsample()).mean(new long[] { 1 }).sum();
        }
        else
        {
            var z = q.sample();
            var f = objective(z).detach();
            var logQ = q.log_prob(z).sum(dim: -1);
            var centred = baseline == ScoreBaseline.LeaveOneOut ? f - LeaveOneOutMean(f) : f;
            surrogate = (centred * logQ).mean(new long[] { 1 }).sum();
        }
        surrogate.backward();
        return (mu.grad!.reshape(runs, dimension), sigma.grad!.reshape(runs, dimension));
    }

    /// <summary>For values [R, S]: entry (r, s) is the mean of row r without entry s.</summary>
    internal static Tensor LeaveOneOutMean(Tensor values)
    {
        var samples = values.shape[^1];
        return (values.sum(dim: -1, keepdim: true) - values) / (samples - 1);
    }

    private static void Copy(Tensor source, double[,] target, int firstRow)
    {
        var values = source.contiguous().data<double>().ToArray();
        var columns = target.GetLength(1);
        for (var i = 0; i < values.Length; i++) target[firstRow + i / columns, i % columns] = values[i];
    }

    private static void Validate(double[] mean, double[] std, int samples, int runs, GradientEstimator estimator, ScoreBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"μ and σ need the same, positive number of dimensions; got {mean.Length} and {std.Length}.");
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException("Every σ must be positive (and not NaN).", nameof(std));
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1, "samplesPerRun");
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        if (estimator == GradientEstimator.ScoreFunction && baseline == ScoreBaseline.LeaveOneOut && samples < 2)
            throw new ArgumentException("The leave-one-out baseline needs at least 2 samples per run.", "samplesPerRun");
    }
}
