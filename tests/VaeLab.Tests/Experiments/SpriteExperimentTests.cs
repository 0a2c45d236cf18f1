using VaeLab.Data;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Experiments;
using VaeLab.Objectives;

namespace VaeLab.Tests.Experiments;

public sealed class SpriteExperimentTests
{
    [Fact]
    public void Mean_and_sample_standard_deviation()
    {
        Assert.Equal((2.0, 1.0), SpriteExperiment.MeanStd([1, 2, 3]));
        Assert.Equal((5.0, 0.0), SpriteExperiment.MeanStd([5]));
        Assert.Throws<ArgumentException>(() => SpriteExperiment.MeanStd([]));
    }

    [Fact]
    public void A_run_trains_scores_and_probes_one_new_model_and_is_reproducible_from_its_seed()
    {
        using var sprites = Sprites.FullGrid(new SpriteGrid(Scales: 2, Rotations: 2, PositionsX: 4, PositionsY: 4));
        var settings = new SpriteRunSettings(Epochs: 2, BatchSize: 32, HiddenSize: 16, LatentSize: 3, ProbeEvery: 4, ProbeImages: 64);
        var a = SpriteExperiment.Train("a", Objective.Beta(4), sprites, settings, seed: 5);
        var b = SpriteExperiment.Train("b", Objective.Beta(4), sprites, settings, seed: 5);
        Assert.Equal(2, a.Training.History.Count); // 192 images / 32 = 6 steps per epoch, 12 steps in all
        Assert.Equal(new long[] { 1, 5, 9, 12 }, a.Decomposition.Select(p => p.Step).ToArray());
        Assert.Equal(sprites.Count, a.Metrics.Images);
        Assert.Equal(a.Elbo.Elbo, b.Elbo.Elbo, 6);
        Assert.Equal(a.Metrics.Mig.Mean, b.Metrics.Mig.Mean, 9);
        Assert.Equal(-(a.Rate + a.Distortion), a.Elbo.Elbo, 6);
        Assert.Throws<ArgumentException>(() => SpriteExperiment.Train("bad", Objective.Elbo(), sprites, settings with { LatentSize = 1 }, 0));
    }
}
