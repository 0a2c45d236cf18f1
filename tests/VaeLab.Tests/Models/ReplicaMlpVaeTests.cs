using VaeLab.Common;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class ReplicaMlpVaeTests
{
    private static readonly MlpVaeOptions Options = new(InputSize: 16, HiddenSize: 8, LatentSize: 3);

    /// <summary>The MLP VAE as the catalogue builds it from a seed.</summary>
    private static MlpVae Alone(int seed)
    {
        using var random = TorchRandom.Seeded(seed);
        return new MlpVae(Options);
    }

    [Fact]
    public void Each_replica_starts_as_the_mlp_vae_of_its_seed_and_encodes_its_own_batch()
    {
        using var model = new ReplicaMlpVae(Options, [3, 7]);
        using var generator = new Generator(1);
        using var x = rand(2, 5, 16, generator: generator);
        var (mean, logVariance) = model.Encode(x);
        for (var r = 0; r < 2; r++)
        {
            using var alone = Alone(model.Seeds[r]);
            var (m, v) = alone.Encode(x[r]);
            Assert.True(allclose(mean[r], m, rtol: 1e-5, atol: 1e-6));
            Assert.True(allclose(logVariance[r], v, rtol: 1e-5, atol: 1e-6));
            using var copy = model.Replica(r);
            Assert.True(allclose(copy.Decode(m), alone.Decode(m), rtol: 1e-5, atol: 1e-6));
        }
    }

    [Fact]
    public void A_replicas_loss_moves_only_that_replica()
    {
        using var model = new ReplicaMlpVae(Options, [1, 2, 3]);
        using var x = rand(3, 4, 16);
        using var output = model.call(x);
        // The loss of replica 1 alone (rows 4–7 of the flattened terms): every other replica's gradient must be zero.
        (-output.Elbo.narrow(0, 4, 4).mean()).backward();
        foreach (var p in model.parameters())
        {
            var grad = p.grad!;
            Assert.Equal(0, grad[0].abs().max().item<float>());
            Assert.Equal(0, grad[2].abs().max().item<float>());
            Assert.True(grad[1].abs().max().item<float>() > 0);
        }
    }

    [Fact]
    public void Adam_on_the_summed_loss_steps_each_replica_as_if_it_were_trained_alone()
    {
        // A deterministic loss (decode the posterior mean), so the two trainings see identical numbers.
        static Tensor Loss(Tensor mean, Tensor logVariance, Tensor logits, Tensor x) =>
            nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum) / x.shape[^2]
            + 0.5 * (mean.pow(2) + logVariance.exp() - 1 - logVariance).sum() / x.shape[^2];
        int[] seeds = [4, 9];
        using var generator = new Generator(2);
        using var x = rand(2, 6, 16, generator: generator).round();
        using var model = new ReplicaMlpVae(Options, seeds);
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        var alone = seeds.Select(Alone).ToArray();
        var optimizers = alone.Select(m => optim.Adam(m.parameters(), 0.01)).ToArray();
        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            var (mean, logVariance) = model.Encode(x);
            var logits = model.Decode(mean);
            var total = Loss(mean[0], logVariance[0], logits[0], x[0]) + Loss(mean[1], logVariance[1], logits[1], x[1]);
            total.backward();
            optimizer.step();
            for (var r = 0; r < 2; r++)
            {
                optimizers[r].zero_grad();
                var (m, v) = alone[r].Encode(x[r]);
                Loss(m, v, alone[r].Decode(m), x[r]).backward();
                optimizers[r].step();
            }
        }
        for (var r = 0; r < 2; r++)
        {
            using var copy = model.Replica(r);
            var (m, _) = copy.Encode(x[r]);
            var (expected, _) = alone[r].Encode(x[r]);
            Assert.True(allclose(m, expected, rtol: 1e-4, atol: 1e-5), $"replica {r} drifted from its model trained alone");
            Assert.True(allclose(copy.Decode(m), alone[r].Decode(expected), rtol: 1e-4, atol: 1e-4));
        }
    }

    [Fact]
    public void Forward_reports_terms_per_example_replica_by_replica()
    {
        using var model = new ReplicaMlpVae(Options, [1, 2]);
        using var x = rand(new long[] { 2, 5, 1, 4, 4 }).round();
        using var output = model.call(x);
        Assert.Equal([10L], output.LogLikelihood.shape);
        Assert.Equal([10L, 3L], output.Latent!.Kl.PerVariable.shape);
        // Rows 5–9 are replica 1 on its own batch: the same numbers as the copied-out model gives for x[1] (ELBO pass
        // with the same z, i.e. the posterior mean decoded by hand here).
        using var copy = model.Replica(1);
        var (mean, _) = copy.Encode(x[1]);
        var expected = copy.Likelihood(mean).log_prob(x[1]);
        var (all, _) = model.Encode(x);
        var got = model.Likelihood(all.reshape(10, 3)).log_prob(model.Observed(x)).narrow(0, 5, 5);
        Assert.True(allclose(got, expected, rtol: 1e-5, atol: 1e-4));
        Assert.Contains("[2, B, …]", Assert.Throws<ArgumentException>(() => model.call(rand(3, 5, 16))).Message);
        Assert.Contains("16 values per example", Assert.Throws<ArgumentException>(() => model.call(rand(2, 5, 15))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Replica(2));
    }

    [Fact]
    public void A_batch_without_a_replica_axis_is_read_by_every_replica()
    {
        using var model = new ReplicaMlpVae(Options, [5, 6, 7]);
        using var x = rand(4, 1, 4, 4).round();
        var (mean, _) = model.Encode(x);
        Assert.Equal([3L, 4L, 3L], mean.shape);
        for (var r = 0; r < 3; r++)
        {
            using var alone = Alone(model.Seeds[r]);
            Assert.True(allclose(mean[r], alone.Encode(x).Mean, rtol: 1e-5, atol: 1e-6));
        }
        Assert.True(model.Observed(x).reshape(3, 4, 16).eq(x.reshape(1, 4, 16)).all().item<bool>());
        using var output = model.call(x);
        Assert.Equal([12L], output.Kl.shape);
    }
}
