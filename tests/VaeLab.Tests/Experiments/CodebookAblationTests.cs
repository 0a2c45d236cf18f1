using TorchSharp;
using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Numerics;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Experiments;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class CodebookAblationTests
{
    private static Tensor Images(int count, int seed) => rand([count, 1, 28, 28], generator: new Generator((ulong)seed));

    private static readonly Objective VqObjective = new() { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } };

    private static VqVaeOptions Small => new(CodebookSize: 16, CodeDimension: 4, Channels1: 8, Channels2: 8);

    [Fact]
    public void Every_variant_runs_with_every_seed_and_runs_of_one_seed_start_alike()
    {
        var train = Images(48, 6);
        var test = Images(12, 7);
        var variants = new[] { new CodebookVariant("plain", Small), new CodebookVariant("restart", Small with { RestartDeadCodes = true }) };
        var config = new TrainingConfig(Seed: 99, Epochs: 2, BatchSize: 16, LearningRate: 1e-3, Threads: 1);
        var result = CodebookAblation.Train(variants, [5, 6, 7], VqObjective, config, train, test, windowSteps: 2, title: "tiny ablation");
        foreach (var variant in variants)
        {
            var runs = result[variant.Name];
            Assert.Equal(new[] { 5, 6, 7 }, runs.Select(r => r.Model.Options.Seed));
            foreach (var run in runs)
            {
                Assert.Equal(3, run.Curve.Points.Count);                         // 2 epochs × 3 steps, a point every 2
                Assert.Equal(12L * 49, run.Test.Total);
                Assert.Equal(Evaluator.Evaluate(run.Model, test, seed: run.Model.Options.Seed).ReconstructionLoss, run.TestTerms.ReconstructionLoss, 9);
            }
        }
        Assert.True(result["restart"].All(r => r.Model.RestartedCodes > 0));
        Assert.True(result["plain"].All(r => r.Model.RestartedCodes == 0));
        // A run is what the same model trained alone with that seed gives (weights drawn under the seed, shuffle from it).
        VqVae alone;
        using (TorchRandom.Seeded(6)) alone = new VqVae(Small with { Seed = 6 });
        var single = DiscreteCodeRun.Train(alone, VqObjective, config with { Seed = 6 }, train, test, 2, "alone", 6);
        Assert.Equal(single.TestTerms.ReconstructionLoss, result["plain"][1].TestTerms.ReconstructionLoss, 9);
        Assert.Equal(3, result.Paired("restart", "plain", r => r.Test.Usage).Count);
        Assert.Throws<KeyNotFoundException>(() => result["missing"]);
        Assert.Throws<ArgumentException>(() => CodebookAblation.Train(variants, [5, 5], VqObjective, config, train, test, 2, "same seeds"));
    }

    [Fact]
    public void Seed_spread_reports_mean_sd_and_paired_differences()
    {
        var a = SeedSpread.Of([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, a.Mean, 12);
        Assert.Equal(1.0, a.StandardDeviation, 12);
        var d = SeedSpread.Paired(a, SeedSpread.Of([0.5, 1.5, 3.5]));
        Assert.Equal(new[] { 0.5, 0.5, -0.5 }, d.Values);
        Assert.False(d.AllAbove(0));
        Assert.True(SeedSpread.Of([0.2, 0.3]).AllAbove(0.1));
        Assert.Equal("2.0 ± 1.0 (1.0, 2.0, 3.0)", a.Format("F1"));
        Assert.Throws<ArgumentException>(() => SeedSpread.Paired(a, SeedSpread.Of([1.0])));
        Assert.Throws<ArgumentException>(() => SeedSpread.Of([]));
    }
}
