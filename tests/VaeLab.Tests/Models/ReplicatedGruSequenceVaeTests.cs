using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>The replica-batched GRU and GRU VAE compute, replica by replica, exactly what the single models compute.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class ReplicatedGruSequenceVaeTests
{
    private static Tensor Tokens(long[] shape, int vocabulary, ulong seed)
    {
        using var generator = new Generator(seed);
        return randint(0, vocabulary, shape, dtype: ScalarType.Int64, generator: generator);
    }

    [Fact]
    public void BatchedGruEqualsTorchSharpsGruReplicaByReplica()
    {
        using var scope = NewDisposeScope();
        const int replicas = 3, input = 5, hidden = 7, batch = 4, steps = 6;
        var grus = Enumerable.Range(0, replicas).Select(_ => nn.GRU(input, hidden, batchFirst: true)).ToArray();
        var batched = new BatchedGru(replicas, input, hidden);
        for (var r = 0; r < replicas; r++) batched.CopyFrom(r, grus[r]);
        var x = randn(replicas, batch, steps, input);
        var h0 = randn(replicas, batch, hidden);
        using var noGrad = no_grad();
        var all = batched.call(x, h0);
        var last = batched.LastState(x, h0);
        for (var r = 0; r < replicas; r++)
        {
            var (expected, expectedLast) = grus[r].call(x[r], h0[r].unsqueeze(0));
            Assert.True(all[r].allclose(expected, rtol: 1e-5, atol: 1e-6), $"replica {r}: states differ");
            Assert.True(last[r].allclose(expectedLast.squeeze(0), rtol: 1e-5, atol: 1e-6), $"replica {r}: last state differs");
        }
        // Round trip: weights written back into a GRU give the same GRU.
        var copy = nn.GRU(input, hidden, batchFirst: true);
        batched.CopyTo(1, copy);
        var (a, _) = copy.call(x[1], h0[1].unsqueeze(0));
        var (b, _) = grus[1].call(x[1], h0[1].unsqueeze(0));
        Assert.True(a.allclose(b));
    }

    [Fact]
    public void BatchedGruRefusesMismatchedShapes()
    {
        using var scope = NewDisposeScope();
        var batched = new BatchedGru(2, 3, 4);
        Assert.Throws<ArgumentException>(() => batched.call(randn(3, 1, 2, 3), zeros(3, 1, 4)));
        Assert.Throws<ArgumentException>(() => batched.call(randn(2, 1, 2, 3), zeros(2, 2, 4)));
        Assert.Throws<ArgumentException>(() => batched.CopyFrom(0, nn.GRU(3, 5, batchFirst: true)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EachReplicaEqualsTheSingleModelGivenTheSameWeightsAndBatch(bool latentAtEveryStep)
    {
        using var scope = NewDisposeScope();
        var options = new GruSequenceVaeOptions(VocabularySize: 6, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3, LatentAtEveryStep: latentAtEveryStep);
        int[] seeds = [11, 12, 13];
        var replicated = new ReplicatedGruSequenceVae(options, seeds);
        replicated.eval();
        var x = Tokens([3, 5, 7], 6, 1);
        var z = randn(3, 5, 3);
        using var noGrad = no_grad();
        var (means, logVariances) = replicated.Encode(x);
        var logLikelihood = replicated.LogLikelihood(z, x);
        for (var r = 0; r < seeds.Length; r++)
        {
            // The single model built under the replica's seed: the same initial weights.
            torch.manual_seed(seeds[r]);
            using var single = new GruSequenceVae(options);
            single.eval();
            var (mean, logVariance) = single.Encode(x[r]);
            Assert.True(means[r].allclose(mean, rtol: 1e-5, atol: 1e-6), $"replica {r}: means differ");
            Assert.True(logVariances[r].allclose(logVariance, rtol: 1e-5, atol: 1e-6), $"replica {r}: log-variances differ");
            Assert.True(logLikelihood[r].allclose(single.LogLikelihood(z[r], x[r]), rtol: 1e-5, atol: 1e-4), $"replica {r}: log-likelihoods differ");
            // Extract gives the replica back as a single model.
            using var extracted = replicated.Extract(r);
            Assert.True(extracted.LogLikelihood(z[r], x[r]).allclose(single.LogLikelihood(z[r], x[r]), rtol: 1e-5, atol: 1e-4));
        }
    }

    [Fact]
    public void ReplicaGradientsOfTheSummedLossAreEachReplicasOwn()
    {
        // loss = Σ_r mean_b [−log p(x_rb | z_rb) + KL_rb] with z fixed: replica r's gradient must equal the single model's.
        using var scope = NewDisposeScope();
        var options = new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 3, HiddenSize: 6, LatentSize: 2, LatentAtEveryStep: true);
        int[] seeds = [3, 4];
        var replicated = new ReplicatedGruSequenceVae(options, seeds);
        var x = Tokens([2, 4, 6], 5, 2);
        var z = randn(2, 4, 2);
        Tensor Loss(Tensor mean, Tensor logVariance, Tensor logLikelihood) =>
            (-logLikelihood + 0.5 * (mean.square() + logVariance.exp() - 1 - logVariance).sum(-1)).mean();
        var (means, logVariances) = replicated.Encode(x);
        var total = Enumerable.Range(0, 2).Select(r => Loss(means[r], logVariances[r], replicated.LogLikelihood(z, x)[r])).Aggregate((a, b) => a + b);
        total.backward();
        var replicaGradients = replicated.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        for (var r = 0; r < 2; r++)
        {
            torch.manual_seed(seeds[r]);
            using var single = new GruSequenceVae(options);
            var (mean, logVariance) = single.Encode(x[r]);
            Loss(mean, logVariance, single.LogLikelihood(z[r], x[r])).backward();
            var singleGradients = single.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
            // Compare a few layers in both layouts (the replica stores weights transposed).
            Assert.True(replicaGradients["decoderOutputWeight"][r].allclose(singleGradients["decoderOutput.weight"].t(), rtol: 1e-4, atol: 1e-6));
            Assert.True(replicaGradients["encoderMeanBias"][r, 0].allclose(singleGradients["encoderMean.bias"], rtol: 1e-4, atol: 1e-6));
            Assert.True(replicaGradients["decoderEmbedding"][r].allclose(singleGradients["decoderEmbedding.weight"], rtol: 1e-4, atol: 1e-6));
            Assert.True(replicaGradients["encoderEmbedding"][r].allclose(singleGradients["encoderEmbedding.weight"], rtol: 1e-4, atol: 1e-6));
        }
    }

    [Fact]
    public void ADecoderAloneReplicaIgnoresZAndStartsFromItsSeedsWeights()
    {
        using var scope = NewDisposeScope();
        var options = new GruSequenceVaeOptions(VocabularySize: 6, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3, LatentAtEveryStep: true);
        int[] seeds = [21, 21];                                                   // the same seed: one replica sees z, one is given z = 0
        var replicated = new ReplicatedGruSequenceVae(options, seeds, decoderSeesLatent: [true, false]);
        replicated.eval();
        Assert.Equal(new[] { true, false }, replicated.DecoderSeesLatent);
        var x = Tokens([2, 5, 7], 6, 4);
        var (z1, z2) = (randn(2, 5, 3), randn(2, 5, 3));
        using var noGrad = no_grad();
        var (a, b) = (replicated.LogLikelihood(z1, x), replicated.LogLikelihood(z2, x));
        Assert.False(a[0].allclose(b[0]));                                          // the replica that sees z depends on it
        Assert.True(a[1].allclose(b[1]));                                           // the decoder alone does not
        // Same initial weights as the replica that sees z (paired by seed): at z = 0 the two give the same likelihood.
        var zero = zeros(2, 5, 3);
        var atZero = replicated.LogLikelihood(zero, x.select(0, 0).unsqueeze(0).expand(2, -1, -1));
        Assert.True(atZero[0].allclose(atZero[1], rtol: 1e-5, atol: 1e-5));
        // Extracted, it is a GruSequenceVae given z = 0, with the same likelihood as the replica.
        using var alone = replicated.Extract(1);
        Assert.False(alone.Options.DecoderSeesLatent);
        Assert.True(alone.LogLikelihood(z1[1], x[1]).allclose(a[1], rtol: 1e-5, atol: 1e-4));
        Assert.True(alone.LogLikelihood(z1[1], x[1]).allclose(alone.LogLikelihood(z2[1], x[1])));
        Assert.Throws<ArgumentException>(() => new ReplicatedGruSequenceVae(options, seeds, decoderSeesLatent: [true]));
    }

    [Fact]
    public void WordDropoutReplacesOnlyPreviousTokensAndOnlyWhileTraining()
    {
        using var scope = NewDisposeScope();
        var x = Tokens([2000, 10], 4, 3);
        torch.manual_seed(5);
        var previous = GruSequenceVae.PreviousTokens(x, startToken: 4, unknownToken: 5, dropout: 0.3);
        Assert.True(previous.select(1, 0).eq(4).all().item<bool>());                      // the start symbol stays
        var rest = previous.narrow(1, 1, 9);
        var dropped = rest.eq(5).to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(dropped, 0.28, 0.32);
        var kept = rest.ne(5);
        Assert.True(rest.masked_select(kept).equal(x.narrow(1, 0, 9).masked_select(kept)).all().item<bool>()); // the rest is x shifted
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 4, EmbeddingSize: 3, HiddenSize: 5, LatentSize: 2, WordDropout: 0.5));
        model.eval();
        var z = randn(6, 2);
        using var noGrad = no_grad();
        Assert.True(model.DecoderLogits(z, x.narrow(0, 0, 6)).allclose(model.DecoderLogits(z, x.narrow(0, 0, 6)))); // no randomness in eval
        Assert.Throws<ArgumentException>(() => new GruSequenceVaeOptions(WordDropout: 1.0).Validate());
    }
}

/// <summary>The replicated model through the one Trainer: per-replica batches and objectives, weights recorded per replica.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public sealed class ReplicatedGruTrainingTests
{
    [Fact]
    public void TheTrainerStepsEveryReplicaOnItsOwnObjectiveAndRecordsItsWeights()
    {
        using var scope = NewDisposeScope();
        var options = new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 3, HiddenSize: 6, LatentSize: 2, LatentAtEveryStep: true);
        int[] seeds = [1, 2, 3];
        var model = new ReplicatedGruSequenceVae(options, seeds, [0.0, 0.0, 0.5]);
        using var generator = new Generator(7);
        var data = randint(0, 5, [40, 6], dtype: ScalarType.Int64, generator: generator);
        VaeLab.Objectives.IObjective[] objectives =
        [
            VaeLab.Objectives.Objective.Elbo(),
            VaeLab.Objectives.Schedules.KlScheduleWeight.Annealed(new VaeLab.Objectives.Schedules.LinearWarmupKlSchedule(0.5)),
            new VaeLab.Objectives.Objective { FreeBits = 0.2 },
        ];
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        var run = new VaeLab.Training.Trainer<Tensor>(model, new VaeLab.Objectives.ReplicaObjective(objectives),
                new VaeLab.Training.TrainingConfig(Seed: 3, Epochs: 2, BatchSize: 10 * seeds.Length, LearningRate: 1e-2))
            { Progress = VaeLab.Training.TrainingProgress.None, RecordSteps = true }
            .Fit(new VaeLab.Data.Sources.ReplicaBatches(data, seeds));
        Assert.Equal(8, run.Steps.Count);                                      // 40 examples, 10 per replica and step, 2 epochs
        var first = run.Steps[0].Weights.Replicas!;
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, first.Select(w => w.KlWeight!.Value));   // warm-up starts at 0
        Assert.Equal(0.2, first[2].FreeBitsNats);
        Assert.Equal(3, run.Last.Weights.Replicas!.Count);                     // epoch means, replica by replica
        Assert.True(model.parameters().Zip(before).All(p => !p.First.detach().equal(p.Second).all().item<bool>()));
        // Each replica comes out as an ordinary model whose ELBO is finite.
        using var extracted = model.Extract(2);
        Assert.Equal(0.5, extracted.Options.WordDropout);
        Assert.True(double.IsFinite(VaeLab.Training.Evaluator.Evaluate(extracted, data).Elbo));
    }
}
