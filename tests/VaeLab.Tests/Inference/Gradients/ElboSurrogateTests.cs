using TorchSharp;
using VaeLab.Experiments;
using VaeLab.Inference.Gradients;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Gradients;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ElboSurrogateTests
{
    private static MlpVae SmallModel()
    {
        manual_seed(5);
        return new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 3));
    }

    private static Tensor Batch() => (rand(new long[] { 6, 1, 4, 4 }, generator: new Generator(9)) > 0.5).to_type(ScalarType.Float32);

    private static double EncoderGradientNorm(MlpVae model) =>
        model.named_parameters().Where(p => p.name.StartsWith("encoder", StringComparison.Ordinal))
            .Sum(p => p.parameter.grad is null ? 0 : p.parameter.grad.square().sum().item<float>());

    private static double DecoderGradientNorm(MlpVae model) =>
        model.named_parameters().Where(p => p.name.StartsWith("decoder", StringComparison.Ordinal))
            .Sum(p => p.parameter.grad is null ? 0 : p.parameter.grad.square().sum().item<float>());

    [Theory]
    [InlineData(EncoderGradientMode.Pathwise, true)]
    [InlineData(EncoderGradientMode.ScoreFunction, true)]
    [InlineData(EncoderGradientMode.Detached, false)]
    public void Only_the_detached_mode_gives_the_encoder_no_gradient_from_the_reconstruction_term(EncoderGradientMode mode, bool encoderGetsGradient)
    {
        using var model = SmallModel();
        using var x = Batch();
        Assert.Contains(model.named_parameters(), p => p.name.StartsWith("encoder", StringComparison.Ordinal));
        var batch = ElboSurrogate.Compute(model, x, mode);
        batch.ReconstructionSurrogate.backward();
        Assert.Equal(encoderGetsGradient, EncoderGradientNorm(model) > 0);
        Assert.True(DecoderGradientNorm(model) > 0, "the decoder always learns from the reconstruction term");
    }

    [Fact]
    public void In_detached_mode_the_encoder_gradient_is_exactly_the_kl_gradient()
    {
        using var model = SmallModel();
        using var x = Batch();
        ElboSurrogate.Compute(model, x, EncoderGradientMode.Detached).Loss.backward();
        var total = model.named_parameters().Where(p => p.name.StartsWith("encoder", StringComparison.Ordinal))
            .Select(p => p.parameter.grad!.clone()).ToList();
        model.zero_grad();
        var (mean, logVariance) = model.Encode(x);
        using (var q = VaeLab.Distributions.DiagonalNormal.FromLogVariance(mean, logVariance))
            VaeLab.Distributions.GaussianKl.ToStandardNormal(q).sum(dim: 1).mean().backward();
        var klOnly = model.named_parameters().Where(p => p.name.StartsWith("encoder", StringComparison.Ordinal))
            .Select(p => p.parameter.grad!).ToList();
        Assert.All(total.Zip(klOnly), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 1e-5, atol: 1e-7)));
        Assert.True(total.Sum(g => g.abs().sum().item<float>()) > 0);

        var norms = EncoderGradientComparison.EncoderGradientNorms(model, x, EncoderGradientMode.Detached);
        Assert.Equal(0, norms.FromReconstruction);
        Assert.True(norms.FromKl > 0);
    }

    [Fact]
    public void Every_mode_reports_the_same_elbo_for_the_same_noise()
    {
        using var model = SmallModel();
        using var x = Batch();
        var values = Enum.GetValues<EncoderGradientMode>().Select(mode =>
        {
            manual_seed(11);
            return ElboSurrogate.Compute(model, x, mode).Elbo.item<float>();
        }).ToList();
        Assert.All(values, v => Assert.Equal(values[0], v, 4));
    }

    [Fact]
    public void Training_records_checkpoints_and_the_detached_encoder_hears_only_the_kl_term()
    {
        using var train = (rand(new long[] { 64, 1, 4, 4 }, generator: new Generator(1)) > 0.5).to_type(ScalarType.Float32);
        using var test = (rand(new long[] { 16, 1, 4, 4 }, generator: new Generator(2)) > 0.5).to_type(ScalarType.Float32);
        var options = new EncoderGradientTrainingOptions(Epochs: 2, BatchSize: 16, CheckpointsPerEpoch: 2);
        MlpVae Create() => new(new MlpVaeOptions(16, 8, 3));
        var detached = EncoderGradientComparison.Train(Create, train, test, EncoderGradientMode.Detached, options);
        Assert.Equal(1 + 2 * 2, detached.Checkpoints.Count);
        Assert.All(detached.Checkpoints, c => Assert.Equal(0, c.EncoderGradientFromReconstruction));
        Assert.All(detached.Checkpoints, c => Assert.True(double.IsFinite(c.TestElbo)));
        var pathwise = EncoderGradientComparison.Train(Create, train, test, EncoderGradientMode.Pathwise, options);
        Assert.All(pathwise.Checkpoints, c => Assert.True(c.EncoderGradientFromReconstruction > 0));
        Assert.Equal(detached.Checkpoints[0].TestKl, pathwise.Checkpoints[0].TestKl, 5); // same initial weights
        var score = EncoderGradientComparison.Train(Create, train, test, EncoderGradientMode.ScoreFunction, options);
        Assert.All(score.Checkpoints.Skip(1), c => Assert.True(c.EncoderGradientFromReconstruction > 0));
        Assert.NotEqual(score.Final.TestElbo, detached.Final.TestElbo);
        Assert.Throws<ArgumentException>(() => EncoderGradientComparison.Train(Create, train, test, EncoderGradientMode.Pathwise, options with { BatchSize = 1 }));
        Assert.Throws<ArgumentException>(() => ElboSurrogate.Compute(Create(), zeros(4, 1, 5, 5), EncoderGradientMode.Pathwise));
    }

    [Fact]
    public void In_the_vae_both_estimators_point_the_same_way_on_average_but_score_function_is_noisier()
    {
        using var model = SmallModel();
        using var x = Batch();
        manual_seed(1);
        var pathwise = EncoderGradientSpread.Measure(model, x, EncoderGradientMode.Pathwise, draws: 3000);
        var score = EncoderGradientSpread.Measure(model, x, EncoderGradientMode.ScoreFunction, draws: 3000);
        var detached = EncoderGradientSpread.Measure(model, x, EncoderGradientMode.Detached, draws: 10);
        Assert.True(score.Variance > pathwise.Variance, $"score {score.Variance} vs pathwise {pathwise.Variance}");
        Assert.True(pathwise.CosineWith(score) > 0.9, $"cosine {pathwise.CosineWith(score)}");
        Assert.InRange(pathwise.MeanSquaredZ(score), 0.5, 2.0); // differences are Monte Carlo noise: unbiased
        Assert.Equal(0, detached.Variance);
        Assert.All(detached.Mean, v => Assert.Equal(0, v));
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }
}
