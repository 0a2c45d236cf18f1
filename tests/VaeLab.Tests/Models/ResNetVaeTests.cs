using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using VaeLab.Training.Catalogue;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>The ResNet-decoder VAE, taken from the catalogue as the command line takes it.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ResNetVaeTests(ITestOutputHelper log)
{
    private static readonly ImageData Mnist = new(ImageShape.Mnist);

    private static ResNetVae Small(int seed) =>
        ModelCatalogue.ResNet.Create(ModelCatalogue.ResNet.Defaults(Mnist) with { LatentSize = 4, Channels = 16 }, Mnist, seed);

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void The_residual_decoder_maps_one_or_k_latents_per_image_to_pixel_parameters(int side)
    {
        var shape = new ImageShape(1, side, side);
        using var model = new ResNetVae(new ResNetVaeOptions(LatentSize: 3, Channels: 8, BlocksPerStage: 2, Shape: shape));
        Assert.Equal(new long[] { 5, 1, side, side }, model.Decode(randn(5, 3)).shape);
        Assert.Equal(new long[] { 2, 5, 1, side, side }, model.Decode(randn(2, 5, 3)).shape);
        // Two blocks at each of the two resolutions, each two 3×3 convolutions.
        Assert.Equal(8, model.named_parameters().Count(p => p.name.Contains("Blocks.") && p.name.EndsWith(".weight")));
        Assert.Throws<ArgumentException>(() => model.Decode(randn(5, 4)));
        Assert.Throws<ArgumentException>(() => new ResNetVae(new ResNetVaeOptions(Shape: new ImageShape(1, 30, 30))));
    }

    [Fact]
    public void A_few_steps_on_three_patterns_lower_the_loss_and_a_seed_repeats_them()
    {
        // The decoder's last layer has one bias per channel, not per pixel, so it learns images through the residual path:
        // on dense random patterns (half the pixels on) at 3e-3 its loss fell only 545 → 541 in 12 steps. The patterns here
        // are sparse like digits (a fifth of the pixels on), so the first thing it learns (how dark an image is) shows.
        var data = TinyImages.ThreePatterns(48, seed: 3);
        var config = new TrainingConfig(Seed: 3, Epochs: 5, BatchSize: 8, LearningRate: 5e-3, Threads: 1);
        TrainingResult Run()
        {
            using var model = Small(seed: 3);
            return new Trainer(model, ModelCatalogue.ResNet.DefaultObjective(model.Options), config) { Progress = TrainingProgress.None, RecordSteps = true }.Fit(data);
        }

        var first = Run();
        var losses = first.History.Select(e => e.Loss).ToArray();
        var untrained = first.Steps[0].Loss;                                // the first step's loss, before any update
        var report = $"first step {untrained:F1}, then per epoch: {string.Join(", ", losses.Select(l => l.ToString("F1")))}";
        log.WriteLine($"resnet loss: {report}");
        Assert.True(losses[^1] < 0.9 * untrained, report);
        Assert.Equal(losses, Run().History.Select(e => e.Loss).ToArray());
    }
}

/// <summary>Tiny binary image sets for training tests: copies of three random sparse 28×28 patterns (a fifth of the pixels on, like a digit).</summary>
internal static class TinyImages
{
    public static Tensor ThreePatterns(int count, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var patterns = (rand(new long[] { 3, 1, 28, 28 }, generator: generator) < 0.2).to_type(ScalarType.Float32);
        return patterns.index_select(0, randint(0, 3, [count], generator: generator));
    }
}
