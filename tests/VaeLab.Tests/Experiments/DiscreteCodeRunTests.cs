using TorchSharp;
using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Experiments;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class DiscreteCodeRunTests
{
    [Fact]
    public void Training_records_the_usage_curve_and_measures_the_test_codes_of_the_trained_model()
    {
        var train = rand([64, 1, 28, 28], generator: new Generator(1));
        var test = rand([16, 1, 28, 28], generator: new Generator(2));
        VqVae model;
        using (TorchRandom.Seeded(3)) model = new VqVae(new VqVaeOptions(CodebookSize: 8, CodeDimension: 4, UseEma: true, RestartDeadCodes: true));
        var config = new TrainingConfig(Seed: 4, Epochs: 2, BatchSize: 16, LearningRate: 1e-3);
        var run = DiscreteCodeRun.Train(model, Objective.Elbo(), config, train, test, windowSteps: 2, title: "tiny VQ", evaluationSeed: 5);

        Assert.Same(model, run.Model);
        Assert.Equal(2, run.Run.History.Count);
        Assert.Equal(4, run.Curve.Points.Count);                       // 8 steps, a point every 2
        Assert.Equal(16L * 7 * 7, run.Test.Total);                      // one code per test grid position
        Assert.True(DiscreteCodes.Usage(model, test).Counts.SequenceEqual(run.Test.Counts), "usage is measured on the trained model");
        Assert.Equal(Evaluator.Evaluate(model, test, seed: 5).ReconstructionLoss, run.TestTerms.ReconstructionLoss, 9);
    }
}
