using TorchSharp;
using VaeLab.Data.Sequences;
using VaeLab.Data.Sources;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>One way of training the GRU sequence VAE in a collapse comparison: its objective and its word-dropout rate.</summary>
/// <param name="DecoderSeesLatent">false trains the decoder on its own (it is given z = 0): the control that measures
/// what this decoder reaches without a code, from the same initial weights and batches as the methods on each seed.</param>
public sealed record CollapseMethod(string Name, IObjective Objective, double WordDropout = 0, bool DecoderSeesLatent = true);

/// <summary>
/// A collapse comparison: every method on every seed, with the same sizes and training config. Seed s gives replica
/// (method, s) its initial weights and its data order, so all methods on seed s start from the same weights and read the
/// same batches (their differences are paired).
/// </summary>
public sealed record CollapseStudySettings(GruSequenceVaeOptions Model, IReadOnlyList<CollapseMethod> Methods, IReadOnlyList<int> Seeds, TrainingConfig Config)
{
    public void Validate()
    {
        Model.Validate();
        if (Methods.Count == 0 || Seeds.Count == 0) throw new ArgumentException("Give at least one method and one seed.");
        if (Methods.Select(m => m.Name).Distinct().Count() != Methods.Count) throw new ArgumentException("Method names must be distinct.");
        if (Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException("Seeds must be distinct.");
    }
}

/// <summary>What one replica (a method on a seed) looked like after an epoch, on the held-out sequences.</summary>
/// <param name="TestNegativeElbo">−ELBO with KL weight 1 (nats per sequence), whatever the training objective.</param>
public sealed record CollapseEpoch(int Epoch, double TestNegativeElbo, LatentUsage Usage, AppliedWeights Weights);

/// <summary>
/// One trained replica, measured at the end on the test sequences.
/// </summary>
/// <param name="Usage">KL (total and per dimension), active units, I(x; z) with one draw, topic accuracy from the posterior means.</param>
/// <param name="Information">I(x; z) under q averaged over several draws of z per sequence, with its standard error.</param>
/// <param name="SampledAccuracy">Topic accuracy of a nearest-centroid read-out from sampled z ~ q(z | x) (centroids from
/// the read-out set's sampled z): what a consumer of the code z actually receives.</param>
/// <param name="FanoCeiling">The best accuracy any read-out of the topic from sampled z could reach given I(x; z) ≤ KL (Fano).</param>
/// <param name="IwaeNll">−L_k on the test subset, an upper bound on −log p(x).</param>
/// <param name="SwapCost">Nats lost when each sequence is decoded from another sequence's posterior mean.</param>
public sealed record CollapseOutcome(string Method, int Seed, LatentUsage Usage, MutualInformationEstimate Information, double SampledAccuracy,
    double FanoCeiling, double TestNegativeElbo, double IwaeNll, int IwaeSamples, double SwapCost);

/// <summary>
/// Trains every (method, seed) of <see cref="CollapseStudySettings"/> as one replica-batched GRU sequence VAE through the
/// one <see cref="Trainer{TBatch}"/> (a <see cref="ReplicatedGruSequenceVae"/>, each replica with its own objective via
/// <see cref="ReplicaObjective"/> and its own data order via <see cref="ReplicaBatches"/>), measures every replica on the
/// held-out sequences after each epoch, and evaluates each at the end as an ordinary <see cref="GruSequenceVae"/>.
/// Replica r is method r / S on seed r mod S (S seeds).
/// </summary>
public sealed class CollapseStudy
{
    private readonly List<CollapseEpoch>[] epochs;

    private CollapseStudy(CollapseStudySettings settings, TrainingResult run, List<CollapseEpoch>[] epochs, GruSequenceVae[] models)
    {
        Settings = settings;
        Run = run;
        this.epochs = epochs;
        Models = models;
    }

    public CollapseStudySettings Settings { get; }

    /// <summary>The one training run (its epoch averages are over all replicas; per-replica numbers are in <see cref="Epochs"/>).</summary>
    public TrainingResult Run { get; }

    /// <summary>Replica r as its own model (evaluation mode).</summary>
    public IReadOnlyList<GruSequenceVae> Models { get; }

    public int Replicas => Models.Count;

    public int Index(string method, int seedIndex)
    {
        var m = Settings.Methods.ToList().FindIndex(x => x.Name == method);
        if (m < 0) throw new ArgumentException($"No method '{method}'; the study has {string.Join(", ", Settings.Methods.Select(x => x.Name))}.");
        if (seedIndex < 0 || seedIndex >= Settings.Seeds.Count) throw new ArgumentOutOfRangeException(nameof(seedIndex), seedIndex, $"Seeds are 0 … {Settings.Seeds.Count - 1}.");
        return m * Settings.Seeds.Count + seedIndex;
    }

    /// <summary>(method, seed) of replica r.</summary>
    public (string Method, int Seed) Replica(int r) => (Settings.Methods[r / Settings.Seeds.Count].Name, Settings.Seeds[r % Settings.Seeds.Count]);

    /// <summary>Replica r's measurements after every epoch.</summary>
    public IReadOnlyList<CollapseEpoch> Epochs(int r) => epochs[r];

    /// <summary>Replica r's steps as the trainer recorded them, with the weights its own objective applied.</summary>
    public IReadOnlyList<StepMetrics> Steps(int r) =>
        Run.Steps.Select(s => s with { Weights = s.Weights.Replicas is { } replicas ? replicas[r] : s.Weights }).ToList();

    /// <summary>
    /// Per measured epoch of replica r, whether its KL weight was below 1 at some step of that epoch (the epoch holds part
    /// of a warm-up or cyclical ramp).
    /// </summary>
    public IReadOnlyList<bool> RampEpochs(int r)
    {
        var ramp = Steps(r).GroupBy(s => s.Epoch).ToDictionary(g => g.Key, g => g.Any(s => s.Weights.KlWeight is { } w && w < 1 - 1e-9));
        return epochs[r].Select(e => ramp.TryGetValue(e.Epoch, out var any) && any).ToArray();
    }

    /// <summary>
    /// How much <paramref name="method"/>'s models changed in their last epoch, seed by seed (the fall of the test −ELBO
    /// from the next-to-last epoch; NaN with a single epoch), and whether its KL weight was the same at every step of
    /// that epoch (a schedule still ramping there changes the −ELBO for another reason than training).
    /// </summary>
    public LastEpochChange LastEpoch(string method)
    {
        var replicas = Enumerable.Range(0, Settings.Seeds.Count).Select(s => Index(method, s)).ToArray();
        var falls = replicas.Select(r => epochs[r] is { Count: >= 2 } h ? h[^2].TestNegativeElbo - h[^1].TestNegativeElbo : double.NaN).ToArray();
        var lastEpoch = Run.Steps.Count == 0 ? 0 : Run.Steps[^1].Epoch;
        var constant = replicas.All(r =>
        {
            var weights = Steps(r).Where(s => s.Epoch == lastEpoch).Select(s => s.Weights.KlWeight).ToList();
            return weights.Count > 0 && weights.All(w => w is { } v && weights[^1] is { } last && Math.Abs(v - last) < 1e-9);
        });
        return new LastEpochChange(method, falls.Any(double.IsNaN) ? [] : falls, constant);
    }

    /// <summary>
    /// Trains the study on <paramref name="train"/>; after each epoch measures every replica on <paramref name="test"/>
    /// (topic read-out centroids from <paramref name="readout"/>).
    /// </summary>
    public static CollapseStudy Train(CollapseStudySettings settings, TopicMarkovDataset train, TopicMarkovDataset readout, TopicMarkovDataset test,
        string title = "GRU VAEs", ITrainingProgress? progress = null)
    {
        settings.Validate();
        var (methods, seeds) = (settings.Methods, settings.Seeds);
        var replicaSeeds = methods.SelectMany(_ => seeds).ToArray();
        var model = new ReplicatedGruSequenceVae(settings.Model, replicaSeeds, methods.SelectMany(m => seeds.Select(_ => m.WordDropout)).ToArray(),
            methods.SelectMany(m => seeds.Select(_ => m.DecoderSeesLatent && settings.Model.DecoderSeesLatent)).ToArray());
        var objective = new ReplicaObjective(methods.SelectMany(m => seeds.Select(_ => m.Objective)).ToArray());
        var config = settings.Config with { BatchSize = settings.Config.BatchSize * replicaSeeds.Length };
        var record = replicaSeeds.Select(_ => new List<CollapseEpoch>()).ToArray();
        var run = new Trainer<Tensor>(model, objective, config)
        {
            Title = title,
            RecordSteps = true,
            Progress = progress ?? TrainingProgress.Auto(),
            OnStep = outputs =>
            {
                if (!outputs.Step.EndsEpoch) return;
                var weights = outputs.Result.Weights.Replicas;
                var measured = MeasureAll(model, readout, test, settings.Config.Seed + outputs.Step.Epoch, outputs.Step.Epoch);
                for (var r = 0; r < record.Length; r++)
                    record[r].Add(measured[r] with { Weights = weights?[r] ?? AppliedWeights.None });
            },
        }.Fit(new ReplicaBatches(train.Tokens, replicaSeeds));
        var models = Enumerable.Range(0, replicaSeeds.Length).Select(model.Extract).ToArray();
        model.Dispose();
        return new CollapseStudy(settings, run, record, models);
    }

    /// <summary>
    /// Every replica measured at the end on <paramref name="test"/>: the usage, I(x; z) over <paramref name="draws"/> draws
    /// with its standard error, the topic read from sampled z and Fano's ceiling for it, the test −ELBO, −L_k on the first
    /// <paramref name="iwaeCount"/> sequences and the cost of swapping codes.
    /// </summary>
    public IReadOnlyList<CollapseOutcome> Evaluate(TopicMarkovDataset readout, TopicMarkovDataset test, int iwaeSamples, int iwaeCount, int draws = 10, int seed = 0)
    {
        var outcomes = new List<CollapseOutcome>();
        var iwaeSet = test.Tokens.narrow(0, 0, Math.Min(iwaeCount, test.Count));
        for (var r = 0; r < Replicas; r++)
        {
            using var scope = NewDisposeScope();
            var model = Models[r];
            var (method, replicaSeed) = Replica(r);
            var usage = CollapseDiagnostics.Measure(model, readout.Tokens, readout.Topics, test.Tokens, test.Topics, seed, Epochs(r).Count);
            var (means, logVariances) = VaeEvaluation.GaussianPosteriors(model, test.Tokens);
            var (fitMeans, fitLogVariances) = VaeEvaluation.GaussianPosteriors(model, readout.Tokens);
            using var generator = new Generator((ulong)seed + 1);
            var information = LatentDiagnostics.MutualInformationEstimate(means, logVariances, generator, draws);
            var sampled = Sample(means, logVariances, generator);
            var sampledAccuracy = NearestCentroid.Fit(Sample(fitMeans, fitLogVariances, generator), readout.Topics).Accuracy(sampled, test.Topics);
            var fano = FanoBound.MaxAccuracy(Math.Max(0, usage.Kl), test.TopicCount);
            var testNegativeElbo = -Evaluator.Evaluate(model, test.Tokens, seed: seed).Elbo;
            var iwae = VaeEvaluation.ImportanceWeighted(model, iwaeSet, [iwaeSamples], chunkSize: 25, seed: seed);
            var swap = CollapseDiagnostics.ShuffledLatentCost(model, test.Tokens, seed);
            outcomes.Add(new CollapseOutcome(method, replicaSeed, usage, information, sampledAccuracy, fano, testNegativeElbo, -iwae.Tightest, iwaeSamples, swap));
        }
        return outcomes;
    }

    private static Tensor Sample(Tensor means, Tensor logVariances, Generator generator) =>
        means + (0.5 * logVariances).exp() * randn(means.shape, dtype: means.dtype, generator: generator);

    /// <summary>Every replica's test −ELBO and latent usage, from one pass of the replicated model over each set.</summary>
    private static CollapseEpoch[] MeasureAll(ReplicatedGruSequenceVae model, TopicMarkovDataset readout, TopicMarkovDataset test, int seed, int epoch)
    {
        using var scope = NewDisposeScope();
        using var evaluation = EvaluationMode.Of(model);
        using var noGrad = no_grad();
        var replicas = model.Replicas;
        var (fitMeans, _) = model.Encode(readout.Tokens.unsqueeze(0).expand(replicas, -1, -1));
        var (means, logVariances) = model.Encode(test.Tokens.unsqueeze(0).expand(replicas, -1, -1));
        using var output = model.call(test.Tokens);
        var negativeElbo = (-output.Elbo).view(replicas, -1).mean([1L]).to_type(ScalarType.Float64).data<double>().ToArray();
        var result = new CollapseEpoch[replicas];
        for (var r = 0; r < replicas; r++)
        {
            var (mu, logVar) = (means[r], logVariances[r]);
            var klPerDimension = (0.5 * (mu.square() + logVar.exp() - 1 - logVar)).mean([0L]).to_type(ScalarType.Float64).data<double>().ToArray();
            var active = LatentDiagnostics.ActiveUnits(mu);
            using var generator = new Generator((ulong)seed);
            var information = LatentDiagnostics.MutualInformation(mu, logVar, generator);
            var accuracy = NearestCentroid.Fit(fitMeans[r], readout.Topics).Accuracy(mu, test.Topics);
            result[r] = new CollapseEpoch(epoch, negativeElbo[r], new LatentUsage(epoch, klPerDimension.Sum(), klPerDimension, active.Count, information, accuracy), AppliedWeights.None);
        }
        return result;
    }
}
