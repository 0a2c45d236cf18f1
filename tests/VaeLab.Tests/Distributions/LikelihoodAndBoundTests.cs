using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class LikelihoodAndBoundTests
{
    [Fact]
    public void BernoulliLogProbabilityMatchesDefinitionAndStaysFiniteForLargeLogits()
    {
        var x = tensor(new[] { 0f, 1f, 0.3f, 1f }).reshape(1, 4);
        var logits = tensor(new[] { -2f, 1.5f, 0.2f, 0f }).reshape(1, 4);
        var p = logits.sigmoid();
        var byHand = (x * p.log() + (1 - x) * (1 - p).log()).sum().item<float>();
        Assert.Equal(byHand, DecoderLikelihood.Bernoulli.LogProbability(logits, x).item<float>(), 4);

        // sigmoid(±200) rounds to exactly 0 or 1 in float32; the logits form still gives the right finite value.
        var extreme = DecoderLikelihood.Bernoulli.LogProbability(tensor(new[] { 200f, -200f }).reshape(1, 2), tensor(new[] { 0f, 1f }).reshape(1, 2));
        Assert.Equal(-400, extreme.item<float>(), 1);
    }

    [Fact]
    public void GaussianLogProbabilityMatchesDefinition()
    {
        var likelihood = DecoderLikelihood.Gaussian(0.5);
        var x = tensor(new[] { 0.2f, 0.9f }).reshape(1, 2);
        var mean = tensor(new[] { 0.0f, 1.0f }).reshape(1, 2);
        var byHand = new[] { (0.2, 0.0), (0.9, 1.0) }.Sum(p => -0.5 * Math.Log(2 * Math.PI * 0.25) - (p.Item1 - p.Item2) * (p.Item1 - p.Item2) / (2 * 0.25));
        Assert.Equal(byHand, likelihood.LogProbability(mean, x).item<float>(), 4);
    }

    [Fact]
    public void TargetsOutsideUnitIntervalAreRejectedWithTheNormalizeHint()
    {
        var normalised = rand(8, 1, 28, 28) * 2 - 1; // what Normalize((0.5,), (0.5,)) produces
        var error = Assert.Throws<ArgumentException>(() => DecoderLikelihood.Bernoulli.ValidateTargets(normalised));
        Assert.Contains("Normalize((0.5,), (0.5,))", error.Message);
    }

    [Fact]
    public void DecoderOutputOfWrongSizeIsACSharpException() =>
        Assert.Throws<ArgumentException>(() => DecoderLikelihood.Bernoulli.LogProbability(zeros(3, 10), zeros(3, 12)));

    [Fact]
    public void ImportanceWeightedBoundIsAtLeastTheElboAndRisesWithK()
    {
        manual_seed(3);
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 2));
        var x = rand(6, 16).round();
        var logWeights = ImportanceWeightedBound.LogWeights(model, x, 1024, chunkSize: 100);
        Assert.Equal(new long[] { 1024, 6 }, logWeights.shape);

        var elbo = logWeights.mean(new long[] { 0 }); // the average log-weight estimates the ELBO
        Tensor? previous = null;
        foreach (var k in new[] { 1, 2, 4, 16, 64, 256, 1024 })
        {
            var bound = ImportanceWeightedBound.GroupAverage(logWeights, k);
            Assert.True((bound >= elbo - 1e-4).all().item<bool>(), $"L_{k} fell below the ELBO");
            if (previous is not null) Assert.True((bound >= previous - 1e-4).all().item<bool>(), $"L_{k} fell below the previous k");
            previous = bound;
        }
        // Not just equal: with an untrained encoder the bound should move noticeably from k = 1 to 1024.
        Assert.True((previous! - ImportanceWeightedBound.GroupAverage(logWeights, 1)).mean().item<float>() > 0.1f);
    }

    [Fact]
    public void ChunkedAndUnchunkedLogWeightsAreEqualGivenTheSameNoise()
    {
        using var generator = new Generator(9);
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 2));
        var x = rand(new long[] { 3, 16 }, generator: generator).round();
        var epsilon = randn(new long[] { 30, 3, 2 }, generator: generator);
        using var q = (DiagonalNormal)model.Posterior(x);
        var z = q.FromNoise(epsilon);
        var whole = ImportanceWeightedBound.LogWeightsAt(model, x, z, chunkSize: 30);
        var chunked = ImportanceWeightedBound.LogWeightsAt(model, x, z, chunkSize: 7);
        Assert.Equal(new long[] { 30, 3 }, whole.shape);
        Assert.True(whole.isfinite().all().item<bool>());
        Assert.True(whole.allclose(chunked, rtol: 1e-6, atol: 1e-5), $"largest difference {(whole - chunked).abs().max().item<float>()}");
        Assert.Throws<ArgumentException>(() => q.FromNoise(randn(30, 3, 5)));
    }

    [Fact]
    public void TheSameGeneratorSeedGivesTheSameBound()
    {
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 2));
        var x = ones(2, 16);
        using var a = new Generator(4);
        using var b = new Generator(4);
        Assert.True(ImportanceWeightedBound.Compute(model, x, 50, generator: a).eq(ImportanceWeightedBound.Compute(model, x, 50, generator: b)).all().item<bool>());
    }
}
