using TorchSharp;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>One model trained with one seed.</summary>
public sealed record SeededRun<TModel>(int Seed, TModel Model, TrainingResult Run);

/// <summary>The same recipe once per seed, through the one <see cref="Trainer"/>.</summary>
public static class SeededTraining
{
    /// <summary>
    /// For each seed: the model built by <paramref name="build"/> under <see cref="TorchRandom.Seeded"/> (its weights come
    /// from the seed), trained on <paramref name="train"/> with the config's seed replaced by the seed (its data order and
    /// sampling noise). With <paramref name="test"/>, every epoch is also evaluated on it (the run's history).
    /// </summary>
    public static IReadOnlyList<SeededRun<TModel>> Train<TModel>(IReadOnlyList<int> seeds, Func<int, TModel> build, IObjective objective,
        TrainingConfig config, Tensor train, string title, Tensor? test = null)
        where TModel : nn.Module<Tensor, ModelOutput>
    {
        ArgumentNullException.ThrowIfNull(build);
        if (seeds.Count == 0) throw new ArgumentException("Give at least one seed.");
        var runs = new List<SeededRun<TModel>>();
        foreach (var seed in seeds)
        {
            TModel model;
            using (TorchRandom.Seeded(seed)) model = build(seed);
            var run = new Trainer(model, objective, config with { Seed = seed }) { Title = $"{title}, seed {seed}" }.Fit(train, test);
            runs.Add(new SeededRun<TModel>(seed, model, run));
        }
        return runs;
    }
}
