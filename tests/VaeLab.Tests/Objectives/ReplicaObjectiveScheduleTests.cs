using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

public sealed class ReplicaObjectiveScheduleTests
{
    /// <summary>A model output of R·B rows with known terms and KL per dimension (requires_grad so gradients can be compared).</summary>
    private static (ModelOutput Output, Tensor LogLikelihood, Tensor KlPerDimension) Output(int rows, int dimensions, ulong seed)
    {
        using var generator = new Generator(seed);
        var logLikelihood = (-rand([rows], generator: generator, dtype: ScalarType.Float64) * 10).requires_grad_();
        var klPerDimension = (rand([rows, dimensions], generator: generator, dtype: ScalarType.Float64) * 0.4).requires_grad_();
        var terms = new Dictionary<Term, Tensor> { [Term.LogLikelihood] = logLikelihood, [Term.Kl] = klPerDimension.sum(1) };
        return (new ModelOutput(terms, Latent(klPerDimension)), logLikelihood, klPerDimension);
    }

    /// <summary>A latent part around a given KL per dimension (the posterior and z only have to have the right shape).</summary>
    private static LatentOutput Latent(Tensor klPerDimension)
    {
        var (rows, dimensions) = (klPerDimension.shape[0], klPerDimension.shape[1]);
        var posterior = DiagonalNormal.FromLogVariance(zeros(rows, dimensions, dtype: ScalarType.Float64), zeros(rows, dimensions, dtype: ScalarType.Float64));
        return new LatentOutput(posterior, new StandardNormal((int)dimensions), zeros(rows, dimensions, dtype: ScalarType.Float64), new StandardNormal((int)dimensions),
                                new KlDivergence(klPerDimension, KlMethod.ClosedForm));
    }

    [Fact]
    public void TheLossIsTheSumOfEachReplicasObjectiveOnItsOwnRows()
    {
        using var scope = NewDisposeScope();
        const int replicas = 3, batch = 5, dimensions = 4;
        IObjective[] objectives =
        [
            Objective.Elbo(),
            KlScheduleWeight.Annealed(new LinearWarmupKlSchedule(0.5)),
            new Objective { FreeBits = 0.15 },
        ];
        var step = new TrainingStep(1, 3, 3, 10, 2);   // linear warm-up at 3 / 10 of its 20 steps: β = 0.3
        var (output, logLikelihood, klPerDimension) = Output(replicas * batch, dimensions, 1);
        var result = new ReplicaObjective(objectives).Compute(output, step);

        // Expected: each objective on its own rows alone.
        var expected = 0.0;
        for (var r = 0; r < replicas; r++)
        {
            var own = klPerDimension.narrow(0, r * batch, batch).detach();
            var terms = new Dictionary<Term, Tensor>
            {
                [Term.LogLikelihood] = logLikelihood.narrow(0, r * batch, batch).detach(),
                [Term.Kl] = own.sum(1),
            };
            using var alone = new ModelOutput(terms, Latent(own));
            expected += objectives[r].Compute(alone, step).Loss.item<double>();
        }
        Assert.Equal(expected, result.Loss.item<double>(), 10);
        var applied = result.Weights.Replicas!;
        Assert.Equal(3, applied.Count);
        Assert.Equal(1.0, applied[0].KlWeight);
        Assert.Equal(0.3, applied[1].KlWeight!.Value, 12);
        Assert.Equal(0.15, applied[2].FreeBitsNats);
        Assert.Null(applied[0].FreeBitsNats);
        Assert.Equal((1.0 + 0.3 + 1.0) / 3, result.Weights.KlWeight!.Value, 12);  // the top level holds the mean

        // Each replica's gradient is its own: replica 0's log-likelihood rows get −1/B, the others' the same, but the
        // KL rows of replica 1 are scaled by its β and replica 2's free bits cut the gradient of dimensions below λ.
        result.Loss.backward();
        var llGrad = logLikelihood.grad!.data<double>().ToArray();
        Assert.All(llGrad, g => Assert.Equal(-1.0 / batch, g, 12));
        var klGrad = klPerDimension.grad!;
        Assert.True(klGrad.narrow(0, 0, batch).allclose(full([batch, dimensions], 1.0 / batch, dtype: ScalarType.Float64)));
        Assert.True(klGrad.narrow(0, batch, batch).allclose(full([batch, dimensions], 0.3 / batch, dtype: ScalarType.Float64)));
        var batchMeans = klPerDimension.detach().narrow(0, 2 * batch, batch).mean([0L]).data<double>().ToArray();
        var lastGrad = klGrad.narrow(0, 2 * batch, batch);
        for (var d = 0; d < dimensions; d++)
            Assert.Equal(batchMeans[d] > 0.15 ? 1.0 / batch : 0.0, lastGrad[0, d].item<double>(), 12);
    }

    [Fact]
    public void RowsThatDoNotSplitEvenlyAreRefused()
    {
        using var scope = NewDisposeScope();
        var (output, _, _) = Output(7, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => new ReplicaObjective([Objective.Elbo(), Objective.Elbo()]).Compute(output, new TrainingStep(1, 0, 0, 1, 1)));
        Assert.Contains("7 rows", error.Message);
        Assert.Throws<ArgumentException>(() => new ReplicaObjective([]));
        using var slice = ReplicaObjective.Slice(Output(6, 2, 3).Output, 0, 3);
        Assert.Throws<NotSupportedException>(() => slice.Latent!.Likelihood.log_prob(zeros(3)));
    }
}
