using System.Globalization;
using VaeLab.Data.Sequences;
using VaeLab.Distributions;
using VaeLab.Inference.Classic;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 06 (posterior collapse and KL annealing). Each returns "not yet: …" on
/// the notebook's starting values and "✓ …" on a correct answer; none throws on a wrong one.</summary>
public static class Notebook06
{
    /// <summary>The data variances of exercise 1 (the eigenvalues of the data covariance) and its noise variance σ².</summary>
    public static readonly double[] ExerciseEigenvalues = [5.0, 3.0, 1.5, 0.9, 0.6, 0.2];

    public const double ExerciseNoiseVariance = 1.0;

    /// <summary>
    /// Exercise 1: with data variances <see cref="ExerciseEigenvalues"/> along the principal directions, σ² =
    /// <see cref="ExerciseNoiseVariance"/> and a linear VAE with 5 latent dimensions, how many latent dimensions are
    /// active at the optimum, and what is the total KL there (nats)? Checked against <see cref="ProbabilisticPca"/>.
    /// </summary>
    public static ExerciseCheck LinearVaeOptimum(int activeDimensions, double totalKl)
    {
        var covariance = new double[ExerciseEigenvalues.Length, ExerciseEigenvalues.Length];
        for (var i = 0; i < ExerciseEigenvalues.Length; i++) covariance[i, i] = ExerciseEigenvalues[i];
        var optimum = ProbabilisticPca.FromCovariance(new double[ExerciseEigenvalues.Length], covariance, 5, ExerciseNoiseVariance);
        var kl = optimum.KlPerDimension.Sum();
        if (activeDimensions != optimum.ActiveCount)
            return ExerciseCheck.NotYet($"{activeDimensions} active dimensions is not right: compare each variance with σ² = {ExerciseNoiseVariance}.");
        if (!(Math.Abs(totalKl - kl) < 1e-3))
            return ExerciseCheck.NotYet($"the count is right ({activeDimensions}), but a total KL of {Format(totalKl)} nats is not: each active dimension costs ½ log(λ / σ²).");
        return ExerciseCheck.Pass($"{activeDimensions} active dimensions, total KL {kl:F4} nats: the dimensions with λ ≤ σ² collapse exactly.");
    }

    /// <summary>
    /// Exercise 2: a run of <paramref name="totalSteps"/> steps under <c>cyclical:4:0.5</c>; at which 0-based step does
    /// the weight first reach 1 in the third cycle? Checked against <see cref="CyclicalKlSchedule"/>.
    /// </summary>
    public static ExerciseCheck CyclicalStep(int step, int totalSteps = 1000)
    {
        var weights = new CyclicalKlSchedule(4, 0.5).Weights(totalSteps);
        var thirdCycleStart = 2 * totalSteps / 4;
        var expected = Enumerable.Range(thirdCycleStart, totalSteps - thirdCycleStart).First(t => weights[t] >= 1.0);
        if (step == expected)
            return ExerciseCheck.Pass($"step {step}: the third cycle starts at {thirdCycleStart} and rises for R · T / M = {expected - thirdCycleStart} steps.");
        var got = step >= 0 && step < totalSteps ? $"the weight at step {step} is {weights[step]:F3}" : $"step {step} is outside the run of {totalSteps} steps";
        return ExerciseCheck.NotYet($"{got}; find where the third cycle begins and how long it rises.");
    }

    /// <summary>
    /// Exercise 3: under free bits λ = 0.5 with batch-averaged KLs [0.1, 0.7, 0.3, 2.0] per dimension, which dimensions
    /// (0-based) receive no gradient from the KL term? Checked by differentiating <see cref="Objective"/>'s loss.
    /// </summary>
    public static ExerciseCheck FreeBitsGradient(IReadOnlyCollection<int> dimensionsWithoutGradient)
    {
        using var scope = NewDisposeScope();
        var kl = tensor(new[] { 0.1, 0.7, 0.3, 2.0 }, dtype: ScalarType.Float64).unsqueeze(0).requires_grad_();
        var terms = new Dictionary<Term, Tensor> { [Term.LogLikelihood] = zeros(1, dtype: ScalarType.Float64), [Term.Kl] = kl.sum(1) };
        // A posterior and prior of the right shape stand in for the model; the objective reads the KL per dimension.
        var posterior = DiagonalNormal.FromLogVariance(zeros(1, 4, dtype: ScalarType.Float64), zeros(1, 4, dtype: ScalarType.Float64));
        var latent = new LatentOutput(posterior, new StandardNormal(4), zeros(1, 4, dtype: ScalarType.Float64), new StandardNormal(4), new KlDivergence(kl, KlMethod.ClosedForm));
        using var output = new ModelOutput(terms, latent);
        var loss = new Objective { FreeBits = 0.5 }.Compute(output, new TrainingStep(1, 0, 0, 1, 1)).Loss;
        loss.backward();
        var gradient = kl.grad!.data<double>().ToArray();
        var expected = Enumerable.Range(0, gradient.Length).Where(d => gradient[d] == 0).ToArray();
        var given = (dimensionsWithoutGradient ?? []).Distinct().Order().ToArray();
        return given.SequenceEqual(expected)
            ? ExerciseCheck.Pass($"dimensions {string.Join(", ", expected)} sit below λ: the clamp makes their penalty constant, so the KL term stops pulling them to the prior.")
            : ExerciseCheck.NotYet($"[{string.Join(", ", given)}] is not the set; which batch-averaged KLs are below λ = 0.5?");
    }

    /// <summary>
    /// Exercise 4: how many nats per sequence does knowing the topic save a perfect model of
    /// <paramref name="data"/>, E[log p(x | topic)] − E[log p(x)]? It is the mutual information I(x; topic) of the data,
    /// at most log K, and the most information about the topic that z can usefully carry. Checked to 0.01 nats.
    /// </summary>
    public static ExerciseCheck TopicInformation(double answer, TopicMarkovDataset data)
    {
        var expected = data.LogLikelihoodsGivenTopic().Average() - data.LogLikelihoods().Average();
        if (!double.IsFinite(answer))
            return ExerciseCheck.NotYet("give a number of nats per sequence (use the data set's exact log-likelihoods).");
        return Math.Abs(answer - expected) < 0.01
            ? ExerciseCheck.Pass($"{expected:F3} nats, just under log K = {Math.Log(data.TopicCount):F3}: the topic is almost fully readable from a sequence, so this is what z could carry about it.")
            : ExerciseCheck.NotYet($"{Format(answer)} nats is not it: average log p(x | its topic) minus average log p(x) over the sequences.");
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
