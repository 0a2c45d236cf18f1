using TorchSharp;
using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>
/// One trained discrete-code autoencoder and what notebook 07 reads from it: the training history, the ELBO terms on the
/// test images, the code-usage curve recorded during training and the code usage on the test images.
/// </summary>
public sealed record DiscreteCodeRun<TModel>(TModel Model, TrainingResult Run, ElboSummary TestTerms, CodeUsageCurve Curve, CodeUsage Test)
    where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel;

/// <summary>Trains a discrete-code autoencoder with the one <see cref="Trainer"/> and measures its codes.</summary>
public static class DiscreteCodeRun
{
    /// <summary>
    /// Fits <paramref name="model"/> on <paramref name="train"/> with <paramref name="objective"/>, recording code usage
    /// every <paramref name="windowSteps"/> steps, then evaluates the terms (seeded by <paramref name="evaluationSeed"/>)
    /// and the code usage on <paramref name="test"/>. <paramref name="alsoOnStep"/> is a further probe (e.g. a
    /// <see cref="CodeGeometryCurve"/>) called after every step.
    /// </summary>
    public static DiscreteCodeRun<TModel> Train<TModel>(TModel model, IObjective objective, TrainingConfig config, Tensor train, Tensor test,
        int windowSteps, string title, int evaluationSeed, Action<StepOutputs>? alsoOnStep = null)
        where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var curve = new CodeUsageCurve(checked((int)DiscreteCodes.Codebook(model).CodebookSize), windowSteps);
        Action<StepOutputs> probe = curve.Record;
        if (alsoOnStep is not null) probe = report => { curve.Record(report); alsoOnStep(report); };
        var run = new Trainer(model, objective, config) { Title = title, OnStep = probe }.Fit(train);
        var terms = Evaluator.Evaluate(model, test, seed: evaluationSeed);
        return new DiscreteCodeRun<TModel>(model, run, terms, curve, DiscreteCodes.Usage(model, test));
    }

    /// <summary>
    /// <see cref="Train"/> once per seed: the model built by <paramref name="build"/> under <see cref="TorchRandom.Seeded"/>
    /// (so its weights come from the seed whatever ran before), trained with the config's seed replaced by the seed (its
    /// data order) and evaluated with the seed.
    /// </summary>
    public static IReadOnlyList<DiscreteCodeRun<TModel>> TrainSeeds<TModel>(IReadOnlyList<int> seeds, Func<int, TModel> build, IObjective objective,
        TrainingConfig config, Tensor train, Tensor test, int windowSteps, string title)
        where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel
    {
        ArgumentNullException.ThrowIfNull(build);
        var runs = new List<DiscreteCodeRun<TModel>>();
        foreach (var seed in seeds)
        {
            TModel model;
            using (TorchRandom.Seeded(seed)) model = build(seed);
            runs.Add(Train(model, objective, config with { Seed = seed }, train, test, windowSteps, $"{title}, seed {seed}", seed));
        }
        return runs;
    }
}
