using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Data.Graphs;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

/// <summary>
/// The importance-weighted bound is written once, on the latent-variable contract. Given the same noise ε it reproduces,
/// digit for digit, the two copies the library had before (one for decoders of z, one for teacher-forced decoders), whose
/// formulas are written out here as the reference.
/// </summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class BoundWrittenOnceTests
{
    /// <summary>The earlier copy for Gaussian VAEs: z = μ + σ·ε, log p(x|z) from the decoder, TorchSharp's Normal for both densities.</summary>
    private static Tensor EarlierGaussianLogWeights(IGaussianVae model, Tensor x, Tensor epsilon)
    {
        var (mean, logVariance) = model.Encode(x);
        using var posterior = new Normal(mean, (0.5 * logVariance).exp());
        using var prior = new Normal(zeros_like(mean), ones_like(mean));
        var z = posterior.mean + posterior.stddev * epsilon;
        var logLikelihood = model.DecoderLikelihood.LogProbability(model.Decode(z), x);
        return logLikelihood + prior.log_prob(z).sum(dim: -1) - posterior.log_prob(z).sum(dim: -1);
    }

    /// <summary>The earlier copy for autoregressive decoders: the same with log p(x|z) by teacher forcing.</summary>
    private static Tensor EarlierAutoregressiveLogWeights(AutoregressiveVae model, Tensor x, Tensor epsilon)
    {
        var (mean, logVariance) = model.Encode(x);
        using var posterior = new Normal(mean, (0.5 * logVariance).exp());
        using var prior = new Normal(zeros_like(mean), ones_like(mean));
        var z = posterior.mean + posterior.stddev * epsilon;
        return model.LogLikelihood(z, x) + prior.log_prob(z).sum(dim: -1) - posterior.log_prob(z).sum(dim: -1);
    }

    private static Tensor NewLogWeights(ILatentVariableModel model, Tensor x, Tensor epsilon, int chunkSize)
    {
        using var q = (DiagonalNormal)model.Posterior(x);
        return ImportanceWeightedBound.LogWeightsAt(model, x, q.FromNoise(epsilon), chunkSize);
    }

    [Fact]
    public void For_a_gaussian_vae_the_bound_equals_the_earlier_copy_given_the_same_noise()
    {
        manual_seed(4);
        using var model = new MlpVae(new MlpVaeOptions(InputSize: 20, HiddenSize: 16, LatentSize: 3));
        model.eval();
        var x = rand(new long[] { 6, 20 }, generator: new Generator(5)).round();
        var epsilon = randn(new long[] { 40, 6, 3 }, generator: new Generator(6));
        using var noGrad = no_grad();
        var earlier = EarlierGaussianLogWeights(model, x, epsilon);
        Assert.True(NewLogWeights(model, x, epsilon, chunkSize: 40).equal(earlier).all().item<bool>());
        Assert.True(NewLogWeights(model, x, epsilon, chunkSize: 7).allclose(earlier, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void For_an_autoregressive_decoder_the_bound_equals_the_earlier_copy_given_the_same_noise()
    {
        manual_seed(5);
        using var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3));
        model.eval();
        var x = randint(0, 5, [4, 6], generator: new Generator(7));
        var epsilon = randn(new long[] { 12, 4, 3 }, generator: new Generator(8));
        using var noGrad = no_grad();
        var earlier = EarlierAutoregressiveLogWeights(model, x, epsilon);
        Assert.True(NewLogWeights(model, x, epsilon, chunkSize: 12).equal(earlier).all().item<bool>());
    }

    [Fact]
    public void The_same_seed_draws_the_same_noise_as_before_for_either_kind_of_model()
    {
        manual_seed(6);
        using var model = new MlpVae(new MlpVaeOptions(InputSize: 20, HiddenSize: 16, LatentSize: 3));
        model.eval();
        var x = rand(new long[] { 5, 20 }, generator: new Generator(9)).round();
        using var noGrad = no_grad();
        // The earlier code drew ε = randn([k, N, D]) from the generator in one call.
        var epsilon = randn(new long[] { 30, 5, 3 }, generator: new Generator(11));
        var earlier = EarlierGaussianLogWeights(model, x, epsilon);
        var now = ImportanceWeightedBound.LogWeights(model, x, 30, chunkSize: 30, generator: new Generator(11));
        Assert.True(now.equal(earlier).all().item<bool>());
    }

    [Fact]
    public void The_graph_vae_gets_the_same_bound_over_its_nodes()
    {
        var graph = StochasticBlockModel.Sample(new StochasticBlockModelOptions([6, 6], 0.6, 0.1), 1);
        using var generator = new Generator(2);
        using var model = new GraphAutoencoder(graph.Adjacency, 12, new GraphAutoencoderOptions(HiddenSize: 8, LatentSize: 2), generator);
        model.eval();
        var features = eye(12);
        using var noGrad = no_grad();
        var logWeights = ImportanceWeightedBound.LogWeights(model, features, 50, chunkSize: 20, generator: new Generator(3));
        Assert.Equal(new long[] { 50, 12 }, logWeights.shape);
        var elbo = logWeights.mean([0L]);
        var bound = ImportanceWeightedBound.GroupAverage(logWeights, 50);
        Assert.True((bound >= elbo - 1e-4).all().item<bool>());
    }
}
