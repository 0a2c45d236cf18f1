using TorchSharp;
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
    /// and the code usage on <paramref name="test"/>.
    /// </summary>
    public static DiscreteCodeRun<TModel> Train<TModel>(TModel model, IObjective objective, TrainingConfig config, Tensor train, Tensor test,
        int windowSteps, string title, int evaluationSeed)
        where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var curve = new CodeUsageCurve(checked((int)DiscreteCodes.Codebook(model).CodebookSize), windowSteps);
        var run = new Trainer(model, objective, config) { Title = title, OnStep = curve.Record }.Fit(train);
        var terms = Evaluator.Evaluate(model, test, seed: evaluationSeed);
        return new DiscreteCodeRun<TModel>(model, run, terms, curve, DiscreteCodes.Usage(model, test));
    }
}
