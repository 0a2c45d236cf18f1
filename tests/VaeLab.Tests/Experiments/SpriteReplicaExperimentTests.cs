using VaeLab.Data;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Objectives;

namespace VaeLab.Tests.Experiments;

public sealed class SpriteReplicaExperimentTests
{
    [Fact]
    public void Replicas_train_as_one_model_and_each_is_scored_as_its_own_model()
    {
        using var sprites = Sprites.FullGrid(new SpriteGrid(Scales: 2, Rotations: 2, PositionsX: 4, PositionsY: 4));
        var settings = new SpriteRunSettings(Epochs: 3, BatchSize: 32, HiddenSize: 16, LatentSize: 3, ProbeEvery: 0);
        SpriteRunSpec[] runs =
        [
            new("β = 1", Objective.Beta(1), 3), new("β = 8", Objective.Beta(8), 3),
            new("β = 1", Objective.Beta(1), 4), new("capacity", new Objective { Capacity = new Capacity(100, 2, 0.5) }, 4),
        ];
        var result = SpriteReplicaExperiment.Train(runs, sprites, settings, dataSeed: 7, checkpointEpochs: [1, 2], trackReplica: 3);
        Assert.Equal(4, result.Runs.Count);
        Assert.Equal(new[] { 3, 4 }, result.Named("β = 1").Select(r => r.Seed));
        Assert.Equal(new[] { 1, 2, 3 }, result.Checkpoints.Select(c => c.Epoch));
        Assert.All(result.Checkpoints, c => Assert.Equal(4, c.Mig.Count));
        Assert.Equal(result.Runs.Select(r => r.Metrics.Mig.Mean), result.Checkpoints[^1].Mig);
        Assert.Equal(18, result.StepsPerReplica); // 192 images / 32 = 6 steps per epoch
        Assert.Equal(18, result.TrackedSteps.Count);
        Assert.Equal(2.0, result.TrackedSteps[^1].Weights.CapacityNats!.Value, 9); // the capacity replica's own target, ramped to C_max
        Assert.All(result.Runs, r => Assert.IsType<MlpVae>(r.Model));
        Assert.True(result.Named("β = 8")[0].Rate < result.Named("β = 1")[0].Rate, "β = 8 should carry fewer nats than β = 1 from the same start");
        var again = SpriteReplicaExperiment.Train(runs, sprites, settings, dataSeed: 7);
        Assert.Equal(result.Runs.Select(r => r.Elbo.Elbo), again.Runs.Select(r => r.Elbo.Elbo));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpriteReplicaExperiment.Train(runs, sprites, settings, 7, trackReplica: 4));
        Assert.Throws<ArgumentException>(() => SpriteReplicaExperiment.Train([], sprites, settings, 7));
    }
}
