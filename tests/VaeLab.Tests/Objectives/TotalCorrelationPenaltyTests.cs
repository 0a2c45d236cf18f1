using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class TotalCorrelationPenaltyTests
{
    private static (MlpVae Model, Tensor X) Setup()
    {
        using var random = TorchRandom.Seeded(3);
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 3));
        var x = (rand(32, 16) > 0.5).to_type(ScalarType.Float32);
        return (model, x);
    }

    [Fact]
    public void The_penalty_is_beta_minus_one_times_the_batch_total_correlation()
    {
        var (model, x) = Setup();
        using var random = TorchRandom.Seeded(5);
        using var output = model.call(x);
        var latent = output.RequireLatent("test");
        var posterior = (DiagonalNormal)latent.Posterior;
        using var terms = KlDecomposition.Estimate(posterior.mean, posterior.variance.log(), latent.Sample, 1000);
        var tc = terms.TotalCorrelation.item<float>();
        Assert.Equal(5 * tc, new TotalCorrelationPenalty(6, 1000).Compute(output).item<float>(), 3);
        Assert.Equal(0, new TotalCorrelationPenalty(1, 1000).Compute(output).item<float>(), 6);
        // The minibatch-weighted estimate's offset makes the TC positive and large here: (D − 1)·log N at most.
        Assert.InRange(tc, 0, 2 * Math.Log(1000) + 1);
    }

    [Fact]
    public void The_objective_adds_the_penalty_to_the_negative_elbo_and_it_has_a_gradient()
    {
        var (model, x) = Setup();
        using var random = TorchRandom.Seeded(5);
        using var output = model.call(x);
        var penalty = new TotalCorrelationPenalty(4, 500);
        var step = new TrainingStep(1, 0, 0, 1, 1);
        var plain = Objective.Elbo().Compute(output, step).Loss.item<float>();
        var expected = plain + penalty.Compute(output).item<float>();
        var result = penalty.ToObjective().Compute(output, step);
        Assert.Equal(expected, result.Loss.item<float>(), 3);
        model.zero_grad();
        penalty.Compute(output).backward();
        var gradient = model.parameters().Sum(p => p.grad is null ? 0 : p.grad.abs().sum().item<float>());
        Assert.True(gradient > 0, "the TC penalty must reach the encoder's weights");
    }

    [Theory]
    [InlineData(0.5, 100)]
    [InlineData(double.NaN, 100)]
    [InlineData(4, 1)]
    public void Bad_settings_are_refused(double beta, long n) =>
        Assert.Throws<ArgumentException>(() => new TotalCorrelationPenalty(beta, n).ToObjective());
}
