using VaeLab.Models.Diffusion;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Diffusion;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class LatentDenoiserTests
{
    [Fact]
    public void ForwardReportsOneDenoisingLossPerLatentAndRefusesTheWrongSize()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var denoiser = new LatentDenoiser(new LatentDenoiserOptions(LatentSize: 3, HiddenSize: 16, TimeFeatures: 8, Steps: 20));
        using var output = denoiser.call(randn(5, 3));
        Assert.Equal([5L], output[LatentDenoiser.DenoisingLoss].shape);
        Assert.Null(output.Latent);
        Assert.True(output[LatentDenoiser.DenoisingLoss].min().item<float>() >= 0);
        var error = Assert.Throws<ArgumentException>(() => denoiser.call(randn(5, 4)));
        Assert.Contains("[N, 3]", error.Message);
    }

    [Fact]
    public void SamplingIsSeededAndKeepsTheRequestedStates()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var denoiser = new LatentDenoiser(new LatentDenoiserOptions(LatentSize: 2, HiddenSize: 16, TimeFeatures: 8, Steps: 10));
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        var a = denoiser.Sample(7, g1, [10, 5, 0]);
        var b = denoiser.Sample(7, g2);
        Assert.Equal([7L, 2L], a.Final.shape);
        Assert.True(a.Final.equal(b.Final).all().item<bool>());
        Assert.Equal([10, 5, 0], a.Trajectory.Keys.ToArray());
        Assert.True(a.Trajectory[0].equal(a.Final).all().item<bool>());
        Assert.Empty(b.Trajectory);
    }

    [Fact]
    public void TrainingOnAShiftedGaussianMovesSamplesToIt()
    {
        // Data N((3, −2), 0.1² I): after training, ancestral samples must centre near (3, −2), far from the N(0, I) start.
        using var scope = NewDisposeScope();
        manual_seed(3);
        var data = randn(2000, 2) * 0.1 + tensor(new[] { 3f, -2f });
        var denoiser = new LatentDenoiser(new LatentDenoiserOptions(LatentSize: 2, HiddenSize: 64, TimeFeatures: 16, Steps: 50, LastBeta: 0.2));
        new Trainer(denoiser, new WeightedTerms((LatentDenoiser.DenoisingLoss, 1.0)), new TrainingConfig(Seed: 3, Epochs: 60, BatchSize: 200, LearningRate: 3e-3))
            { Progress = TrainingProgress.None }.Fit(data);
        using var generator = new Generator(9);
        var mean = denoiser.Sample(500, generator).Final.mean([0]);
        Assert.InRange(mean[0].item<float>(), 2.5, 3.5);
        Assert.InRange(mean[1].item<float>(), -2.5, -1.5);
    }
}
