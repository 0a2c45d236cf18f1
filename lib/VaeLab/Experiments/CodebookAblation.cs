using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Numerics;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>One variant of a codebook ablation: a name and its VQ-VAE options (the seed is set per run).</summary>
public sealed record CodebookVariant(string Name, VqVaeOptions Options);

/// <summary>
/// Every (variant, seed) run of a codebook ablation, each measured on the test images as a <see cref="DiscreteCodeRun{TModel}"/>.
/// Runs of one seed share their initial weights, initial codebook and data order, so a paired difference between two
/// variants isolates the variants.
/// </summary>
public sealed record CodebookAblationResult(
    IReadOnlyList<CodebookVariant> Variants,
    IReadOnlyList<int> Seeds,
    IReadOnlyDictionary<string, IReadOnlyList<DiscreteCodeRun<VqVae>>> Runs)
{
    /// <summary>The runs of one variant, in the order of <see cref="Seeds"/>.</summary>
    public IReadOnlyList<DiscreteCodeRun<VqVae>> this[string variant] =>
        Runs.TryGetValue(variant, out var runs) ? runs : throw new KeyNotFoundException($"No variant '{variant}'; the variants are {string.Join(", ", Runs.Keys)}.");

    /// <summary>A measurement of one variant over the seeds.</summary>
    public SeedSpread Spread(string variant, Func<DiscreteCodeRun<VqVae>, double> metric) => SeedSpread.Of(this[variant].Select(metric));

    /// <summary>Per-seed differences of a measurement, variant <paramref name="a"/> minus variant <paramref name="b"/>.</summary>
    public SeedSpread Paired(string a, string b, Func<DiscreteCodeRun<VqVae>, double> metric) => SeedSpread.Paired(Spread(a, metric), Spread(b, metric));

    /// <summary>Seconds of training, all runs together.</summary>
    public double Seconds => Runs.Values.SelectMany(r => r).Sum(r => r.Run.Seconds);
}

/// <summary>
/// Trains every variant with every seed through the one <see cref="Trainer"/> (<see cref="DiscreteCodeRun.Train"/>) and
/// measures each run: the test terms, the test code usage and the usage curve recorded during training.
/// </summary>
public static class CodebookAblation
{
    /// <summary>
    /// <paramref name="perRun"/> gives epochs, batch size and learning rate; its seed is replaced by each run's seed, so
    /// runs of one seed see the same images in the same order. Weights are drawn under <see cref="TorchRandom.Seeded"/>
    /// from the seed and the codebook from <c>Options.Seed</c> = the seed, so runs of one seed start from the same
    /// encoder, decoder and codebook whatever ran before.
    /// </summary>
    public static CodebookAblationResult Train(IReadOnlyList<CodebookVariant> variants, IReadOnlyList<int> seeds, IObjective objective,
        TrainingConfig perRun, Tensor train, Tensor test, int windowSteps, string title)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(seeds);
        if (variants.Count == 0 || seeds.Count == 0) throw new ArgumentException("A codebook ablation needs at least one variant and one seed.");
        if (variants.Select(v => v.Name).Distinct().Count() != variants.Count) throw new ArgumentException("Variant names must differ.");
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException($"Seeds must differ; got [{string.Join(", ", seeds)}].");
        var runs = new Dictionary<string, IReadOnlyList<DiscreteCodeRun<VqVae>>>();
        foreach (var variant in variants)
        {
            var list = new List<DiscreteCodeRun<VqVae>>();
            foreach (var seed in seeds)
            {
                VqVae model;
                using (TorchRandom.Seeded(seed)) model = new VqVae(variant.Options with { Seed = seed });
                list.Add(DiscreteCodeRun.Train(model, objective, perRun with { Seed = seed }, train, test, windowSteps,
                    $"{title}: {variant.Name}, seed {seed}", seed));
            }
            runs[variant.Name] = list;
        }
        return new CodebookAblationResult(variants, seeds, runs);
    }
}
