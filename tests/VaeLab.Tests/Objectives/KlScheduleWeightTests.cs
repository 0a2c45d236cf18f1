using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

public sealed class KlScheduleWeightTests
{
    private static double[] WeightsOver(KlSchedule schedule, int epochs, int stepsPerEpoch)
    {
        var weight = schedule.ToKlWeight();
        return Enumerable.Range(0, epochs * stepsPerEpoch)
            .Select(t => weight(new TrainingStep(t / stepsPerEpoch + 1, t % stepsPerEpoch, t, stepsPerEpoch, epochs))).ToArray();
    }

    [Fact]
    public void CyclicalFourByHalfOverEightStepsAlternatesZeroAndOne()
    {
        // T = 8, M = 4: each cycle is 2 steps; τ = 0 then ½, and β = min(1, τ / 0.5).
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], WeightsOver(KlSchedule.Parse("cyclical:4:0.5"), epochs: 2, stepsPerEpoch: 4));
    }

    [Fact]
    public void LinearWarmupOverHalfTheRunRisesByAQuarterPerStep()
    {
        Assert.Equal([0, 0.25, 0.5, 0.75, 1, 1, 1, 1], WeightsOver(new LinearWarmupKlSchedule(0.5), epochs: 4, stepsPerEpoch: 2));
    }

    [Fact]
    public void SigmoidIsHalfAtItsMidpointStep()
    {
        var weights = WeightsOver(new SigmoidKlSchedule(0.5, 10), epochs: 5, stepsPerEpoch: 2);
        Assert.Equal(0.5, weights[5], 12);
        Assert.Equal(1 / (1 + Math.Exp(5)), weights[0], 12);
    }

    [Fact]
    public void AnnealedObjectiveCarriesTheScheduleAndFreeBits()
    {
        var objective = KlScheduleWeight.Annealed(new ConstantKlSchedule(3), freeBits: 0.25);
        Assert.Equal(0.25, objective.FreeBits);
        Assert.Equal(3, objective.KlWeight(new TrainingStep(1, 0, 0, 10, 1)));
    }

    [Fact]
    public void TheTrainerRecordsTheWeightsTheScheduleGave()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(3);
        var data = randn([40, 3], generator: generator);
        var model = new LinearGaussianVae(3, 2, noiseStd: 0.5);
        var run = new Trainer(model, KlScheduleWeight.Annealed(new CyclicalKlSchedule(2, 0.5)),
                new TrainingConfig(Seed: 1, Epochs: 2, BatchSize: 10, LearningRate: 1e-2))
            { Progress = TrainingProgress.None, RecordSteps = true }
            .Fit(data);
        // T = 8 steps, M = 2: cycles of 4, β = min(1, τ / 0.5) with τ = 0, ¼, ½, ¾.
        Assert.Equal([0, 0.5, 1, 1, 0, 0.5, 1, 1], run.Steps.Select(s => s.Weights.KlWeight!.Value).ToArray());
        Assert.Equal(0.625, run.History[0].Weights.KlWeight!.Value, 12);
    }
}
