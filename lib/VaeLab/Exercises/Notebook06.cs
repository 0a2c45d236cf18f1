using VaeLab.Data.Sequences;
using VaeLab.Distributions;
using VaeLab.Inference.Classic;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>
/// Checks for the exercises of notebook 06 (posterior collapse and KL annealing), written like an autograder: each takes
/// the student's code, calls it on inputs the notebook never shows, and compares with the library's own answer. The
/// starting answers give "not yet: …"; a wrong answer gets a hint about the reasoning, never the expected value; none
/// throws (an exception in the student's code is reported as "not yet").
/// </summary>
public static class Notebook06
{
    /// <summary>
    /// Exercise 1: the linear VAE's optimum (Lucas et al. 2019) for data variances λ along the principal directions,
    /// decoder noise σ² and k latent dimensions: how many latent dimensions are active, and the total KL there (nats).
    /// Checked against <see cref="ProbabilisticPca"/> on spectra the notebook never shows.
    /// </summary>
    public static ExerciseCheck LinearVaeOptimum(Func<double[], double, int, (int Active, double TotalKl)> optimum)
    {
        ArgumentNullException.ThrowIfNull(optimum);
        (double[] Variances, double Noise, int Latent)[] cases =
        [
            ([5.0, 3.0, 1.5, 0.9, 0.6, 0.2], 1.0, 5),
            ([9.0, 4.0, 2.5, 2.0], 0.5, 2),          // more directions above σ² than latent dimensions
            ([0.8, 0.5, 0.3], 1.0, 3),               // nothing above σ²: every dimension collapses
            ([2.0, 2.0, 1.2, 0.1, 0.05], 0.25, 4),
            ([0.3, 2.5, 0.9, 6.0, 1.4], 1.0, 2),     // not sorted: the k largest variances, wherever they are
        ];
        foreach (var (variances, noise, latent) in cases)
        {
            var covariance = new double[variances.Length, variances.Length];
            for (var i = 0; i < variances.Length; i++) covariance[i, i] = variances[i];
            var truth = ProbabilisticPca.FromCovariance(new double[variances.Length], covariance, latent, noise);
            var expectedKl = truth.KlPerDimension.Sum();
            (int Active, double TotalKl) answer;
            try { answer = optimum((double[])variances.Clone(), noise, latent); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
            var described = $"λ = [{string.Join(", ", variances)}], σ² = {noise}, k = {latent}";
            if (answer.Active != truth.ActiveCount)
                return ExerciseCheck.NotYet($"for {described} the count of active dimensions is not right: a direction is used only if its variance " +
                                            "exceeds the decoder noise, and the model has only k latent dimensions to give.");
            if (!(Math.Abs(answer.TotalKl - expectedKl) < 1e-6))
                return ExerciseCheck.NotYet($"for {described} the count is right but the total KL is not: each active dimension i costs ½ log(λ_i / σ²), the others nothing.");
        }
        return ExerciseCheck.Pass("the optimum on five spectra that are not in the notebook (a \"not yet\" hint names only the case that failed): a dimension is active exactly when λ_i > σ² " +
                                  "(and only the k largest can be), at a cost of ½ log(λ_i / σ²) each; the rest collapse exactly.");
    }

    /// <summary>
    /// Exercise 2: under Fu et al.'s cyclical schedule with M cycles and ramp share R over T steps, the first (0-based)
    /// step of cycle c (1-based) at which the KL weight is 1. Checked against <see cref="CyclicalKlSchedule"/>, including
    /// run lengths that M does not divide.
    /// </summary>
    public static ExerciseCheck CyclicalFullWeightStep(Func<int, int, double, int, int> firstStepAtOne)
    {
        ArgumentNullException.ThrowIfNull(firstStepAtOne);
        (int Steps, int Cycles, double Ramp, int Cycle)[] cases = [(1000, 4, 0.5, 3), (900, 3, 0.25, 2), (1200, 5, 0.8, 5), (777, 4, 0.5, 2), (64, 1, 0.5, 1)];
        foreach (var (steps, cycles, ramp, cycle) in cases)
        {
            var weights = new CyclicalKlSchedule(cycles, ramp).Weights(steps);
            var expected = Enumerable.Range(0, steps).Where(t => (long)t * cycles / steps == cycle - 1).First(t => weights[t] >= 1.0);
            int answer;
            try { answer = firstStepAtOne(steps, cycles, ramp, cycle); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
            if (answer < 0)
                return ExerciseCheck.NotYet("replace the line marked ← your answer with your function; the check calls it on schedules the notebook never shows.");
            if (answer != expected)
            {
                var where = answer >= 0 && answer < steps ? $"at step {answer} the weight is {weights[answer]:F3}" : $"step {answer} is outside the run";
                return ExerciseCheck.NotYet($"for T = {steps}, M = {cycles}, R = {ramp}, cycle {cycle}: {where}. A cycle lasts T / M steps (not rounded), " +
                                            "β rises as τ / R with τ the position in the cycle, and the step you want is the first whole step at which τ ≥ R.");
            }
        }
        return ExerciseCheck.Pass("the first step at full weight, on five schedules the notebook never showed: cycle c begins where t · M / T reaches c − 1, " +
                                  "and β = τ / R reaches 1 once the position τ in the cycle reaches R, i.e. at the first step t with t · M / T ≥ c − 1 + R.");
    }

    /// <summary>
    /// Exercise 3: with free bits λ (Kingma et al. 2016) and the batch-averaged KL of each latent dimension, which
    /// dimensions (0-based, ascending) get no gradient from the KL term? Checked by differentiating
    /// <see cref="Objective"/>'s loss on inputs the notebook never shows.
    /// </summary>
    public static ExerciseCheck FreeBitsGradient(Func<double[], double, int[]> withoutGradient)
    {
        ArgumentNullException.ThrowIfNull(withoutGradient);
        (double[] Kl, double Lambda)[] cases = [([0.1, 0.7, 0.3, 2.0], 0.5), ([0.02, 0.01, 0.9], 0.05), ([1.5, 2.5], 0.25), ([0.4, 0.6, 0.05, 0.2, 0.3], 1.0)];
        foreach (var (kl, lambda) in cases)
        {
            var expected = GradientFreeDimensions(kl, lambda);
            int[] answer;
            try { answer = (withoutGradient((double[])kl.Clone(), lambda) ?? []).Distinct().Order().ToArray(); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
            if (!answer.SequenceEqual(expected))
                return ExerciseCheck.NotYet($"for batch-averaged KLs [{string.Join(", ", kl)}] and λ = {lambda} that is not the set: the penalty is " +
                                            "Σ_d max(λ, KL_d); which branch of the max has no slope in KL_d?");
        }
        return ExerciseCheck.Pass("on four batches that are not in the notebook (a \"not yet\" hint names only the case that failed): dimensions whose batch-averaged KL is below λ sit on the constant branch of " +
                                  "max(λ, KL_d), so the KL term stops pulling them towards the prior.");
    }

    /// <summary>The dimensions whose KL gets zero gradient from <see cref="Objective"/>'s free-bits penalty (autograd on one batch row).</summary>
    public static int[] GradientFreeDimensions(double[] batchKl, double lambda)
    {
        using var scope = NewDisposeScope();
        var dimensions = batchKl.Length;
        var kl = tensor(batchKl, dtype: ScalarType.Float64).unsqueeze(0).requires_grad_();
        var terms = new Dictionary<Term, Tensor> { [Term.LogLikelihood] = zeros(1, dtype: ScalarType.Float64), [Term.Kl] = kl.sum(1) };
        // A posterior and prior of the right shape stand in for the model; the objective reads the KL per dimension.
        var posterior = DiagonalNormal.FromLogVariance(zeros(1, dimensions, dtype: ScalarType.Float64), zeros(1, dimensions, dtype: ScalarType.Float64));
        var latent = new LatentOutput(posterior, new StandardNormal(dimensions), zeros(1, dimensions, dtype: ScalarType.Float64), new StandardNormal(dimensions),
                                      new KlDivergence(kl, KlMethod.ClosedForm));
        using var output = new ModelOutput(terms, latent);
        new Objective { FreeBits = lambda }.Compute(output, new TrainingStep(1, 0, 0, 1, 1)).Loss.backward();
        var gradient = kl.grad!.data<double>().ToArray();
        return Enumerable.Range(0, gradient.Length).Where(d => gradient[d] == 0).ToArray();
    }

    /// <summary>
    /// Exercise 4: how many nats per sequence knowing the topic saves a perfect model of a topic-Markov data set,
    /// E[log p(x | topic)] − E[log p(x)] (the data's I(x; topic), at most log K). The student's function is called on
    /// data sets the notebook never builds (other K, V, lengths and sparsity) and must match to 10⁻⁶ nats.
    /// </summary>
    public static ExerciseCheck TopicInformation(Func<TopicMarkovDataset, double> information)
    {
        ArgumentNullException.ThrowIfNull(information);
        TopicMarkovOptions[] cases =
        [
            new(VocabularySize: 12, Length: 20, Topics: 4, Count: 400, Concentration: 0.1, Seed: 101),
            new(VocabularySize: 20, Length: 8, Topics: 8, Count: 400, Concentration: 1.0, Seed: 102),   // short, dense: the topic stays uncertain
            new(VocabularySize: 6, Length: 40, Topics: 3, Count: 300, Concentration: 0.3, Seed: 103),
        ];
        foreach (var options in cases)
        {
            using var data = TopicMarkovSequences.Generate(options);
            var expected = data.LogLikelihoodsGivenTopic().Average() - data.LogLikelihoods().Average();
            double answer;
            try { answer = information(data); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
            if (double.IsNaN(answer))
                return ExerciseCheck.NotYet("replace the line marked ← your answer with your function; the check calls it on data sets the notebook never built.");
            if (!(Math.Abs(answer - expected) < 1e-6))
                return ExerciseCheck.NotYet($"on a data set with K = {options.Topics} topics, V = {options.VocabularySize}, T = {options.Length} your value is not it. " +
                                            "What does a perfect model gain, per sequence, from being told the topic? Both log-likelihoods you need are methods of the data set.");
        }
        return ExerciseCheck.Pass("E[log p(x | topic)] − E[log p(x)] on three data sets the notebook never built: I(x; topic), at most log K, and lower " +
                                  "where short or dense sequences leave the topic uncertain. It is the most a z that carries the topic can save a perfect decoder.");
    }
}
