using VaeLab.Inference.Gradients;
using static TorchSharp.torch;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Exercises;

/// <summary>The checks of notebook 03's exercises (reference solutions: solutions/03-reparameterization.md).</summary>
public static class Notebook03
{
    /// <summary>The μ and σ of the exercises' five-dimensional Gaussian (section 2's test setting).</summary>
    public static double[] TestMean { get; } = [0.5, -1.0, 2.0, 0.0, 1.0];
    public static double[] TestStd { get; } = [1.0, 0.5, 2.0, 1.5, 0.8];

    /// <summary>
    /// Exercise 1: <paramref name="gradient"/>(μ_d, σ_d) is the student's ∂/∂μ_d E_q[Σ sin z_d]. Passes when every estimator's
    /// mean lands on it within 5 standard errors (so both estimators agree with the formula, and the formula is right).
    /// </summary>
    public static ExerciseCheck SineGradient(Func<double, double, double> gradient, int runs = 4000, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var truth = TestMean.Select((m, d) => gradient(m, TestStd[d])).ToArray();
        if (truth.Any(t => !double.IsFinite(t))) return ExerciseCheck.NotYet("write ∂/∂μ_d E[Σ sin z_d] as a formula of μ_d and σ_d.");
        var worst = VarianceStudy.Estimators
            .Select(e => EstimatorSummary.OfMeanGradient(
                GaussianGradientEstimator.Run(e.Estimator, z => z.sin().sum(dim: -1), TestMean, TestStd, 10, runs, seed, e.Baseline), truth))
            .MaxBy(s => s.MaxAbsZScore)!;
        return worst.MaxAbsZScore < 5
            ? ExerciseCheck.Pass($"all three estimators agree with your gradient (largest |mean − yours|/SE = {F(worst.MaxAbsZScore)}).")
            : ExerciseCheck.NotYet($"the {worst.Estimator} estimates average {Vec(worst.Mean)}, your formula gives {Vec(truth)} " +
                                   $"({F(worst.MaxAbsZScore)} standard errors apart). Differentiate sin μ·exp(−σ²/2) with respect to μ.");
    }

    /// <summary>
    /// Exercise 2: which estimator stays unbiased for the step function f(z) = Σ_d 1[z_d &gt; 0]? Measured: both estimators'
    /// ∇_μ against the exact φ(μ/σ)/σ; passes when <paramref name="answer"/> names the one that lands on it.
    /// </summary>
    public static ExerciseCheck StepFunction(GradientEstimator? answer, int runs = 4000, int seed = 7)
    {
        var truth = TestMean.Select((m, d) => Math.Exp(-0.5 * Math.Pow(m / TestStd[d], 2)) / Math.Sqrt(2 * Math.PI) / TestStd[d]).ToArray();
        Tensor Step(Tensor z) => ((z.sign() + 1) / 2).sum(dim: -1);
        var z = new Dictionary<GradientEstimator, double>();
        foreach (var estimator in new[] { GradientEstimator.ScoreFunction, GradientEstimator.Pathwise })
            z[estimator] = EstimatorSummary.OfMeanGradient(GaussianGradientEstimator.Run(estimator, Step, TestMean, TestStd, 10, runs, seed), truth).MaxAbsZScore;
        var unbiased = z.Where(p => p.Value < 5).Select(p => p.Key).ToList();
        var measured = $"measured |mean − exact|/SE: score function {F(z[GradientEstimator.ScoreFunction])}, pathwise {F(z[GradientEstimator.Pathwise])}";
        if (answer is null) return ExerciseCheck.NotYet($"set the answer to GradientEstimator.ScoreFunction or GradientEstimator.Pathwise.");
        if (unbiased.Count != 1) return ExerciseCheck.NotYet($"this run could not tell the estimators apart ({measured}); try another seed.");
        return answer == unbiased[0]
            ? ExerciseCheck.Pass($"{answer} is the unbiased one here ({measured}).")
            : ExerciseCheck.NotYet($"{answer} is not unbiased for a step function ({measured}). What is the derivative of a step almost everywhere?");
    }

    /// <summary>
    /// Exercise 3: the student's variance of one pathwise estimate of ∂/∂μ_d for section 3's quadratic (σ = 1) at S samples,
    /// against the measured <paramref name="measured"/>; passes within 10 %.
    /// </summary>
    public static ExerciseCheck PathwiseVariance(double predicted, double measured, int samples)
    {
        if (!double.IsFinite(predicted)) return ExerciseCheck.NotYet($"give the variance of one pathwise estimate at S = {samples} as a number.");
        var off = Math.Abs(predicted - measured) / measured;
        return off <= 0.10
            ? ExerciseCheck.Pass($"{F(predicted)} is within {F(100 * off, 2)} % of the measured {F(measured)}.")
            : ExerciseCheck.NotYet($"{F(predicted)} is {F(100 * off, 2)} % away from the measured {F(measured)}. The estimate is the mean of S draws of 2(z_d − a_d).");
    }

    /// <summary>Exercise 4: a temperature whose Gumbel-softmax bias is below half the bias at τ = 1.</summary>
    public static ExerciseCheck Temperature(double temperature, CategoricalGradientStudy study, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (!(temperature > 0) || double.IsInfinity(temperature)) return ExerciseCheck.NotYet("the temperature must be a positive number.");
        var atOne = study.Relaxed(1.0, samples, seed);
        var mine = study.Relaxed(temperature, samples, seed);
        var text = $"bias at τ = {F(temperature)} is {F(mine.Bias)} (variance {F(mine.Variance)}); at τ = 1 it is {F(atOne.Bias)} (variance {F(atOne.Variance)})";
        return mine.Bias < 0.5 * atOne.Bias
            ? ExerciseCheck.Pass($"{text}: below half.")
            : ExerciseCheck.NotYet($"{text}: not below half. Which way must τ move for the relaxation to approach the one-hot sample?");
    }

    /// <summary>
    /// Exercise 5: the student's frequency ω at which, for f(z) = cos(ωz) with σ = <paramref name="std"/>, the pathwise and
    /// score-function estimators (one sample each) are equally noisy. Passes when the measured variance ratio at that ω is
    /// within a factor of 1.5 of 1.
    /// </summary>
    public static ExerciseCheck CrossingFrequency(double frequency, double std = 0.5, double mean = 0.5, int runs = 20000, int seed = 7)
    {
        if (!(frequency > 0) || double.IsInfinity(frequency)) return ExerciseCheck.NotYet("give the crossing frequency ω as a positive number.");
        var points = VarianceStudy.VersusFrequency([frequency], samplesPerRun: 1, runs, seed, mean, std);
        var ratio = points.Single(p => p.Estimator == "pathwise").Variance / points.Single(p => p.Estimator == "score function").Variance;
        return ratio is >= 1 / 1.5 and <= 1.5
            ? ExerciseCheck.Pass($"at ω = {F(frequency)} the pathwise variance is {F(ratio)}× the score function's: about equal.")
            : ExerciseCheck.NotYet($"at ω = {F(frequency)} the pathwise variance is {F(ratio)}× the score function's. " +
                                   "Compare ω²/2 (pathwise, large ω) with 1/(2σ²) (score function).");
    }
}
