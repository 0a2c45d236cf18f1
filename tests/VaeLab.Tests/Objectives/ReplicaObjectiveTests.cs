using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

public sealed class ReplicaObjectiveTests
{
    private static readonly MlpVaeOptions Options = new(InputSize: 16, HiddenSize: 8, LatentSize: 3);

    [Fact]
    public void The_loss_is_the_sum_of_each_replicas_objective_on_its_own_rows()
    {
        using var scope = NewDisposeScope();
        const int batch = 6;
        using var model = new ReplicaMlpVae(Options, [1, 2, 3]);
        using var generator = new Generator(3);
        var x = rand(3, batch, 16, generator: generator).round();
        IObjective[] objectives =
        [
            Objective.Elbo(),
            Objective.Beta(4),
            new TotalCorrelationPenalty(6, 100).ToObjective(),
        ];
        var step = new TrainingStep(1, 0, 0, 10, 2);
        using var output = model.call(x);
        var result = new ReplicaObjective(objectives).Compute(output, step);

        var expected = 0.0;
        for (var r = 0; r < 3; r++)
        {
            using var part = ReplicaObjective.Slice(output, r * batch, batch);
            Assert.True(part.LogLikelihood.equal(output.LogLikelihood.narrow(0, r * batch, batch)).all().item<bool>());
            expected += objectives[r].Compute(part, step).Loss.item<float>();
        }
        Assert.Equal(expected, result.Loss.item<float>(), 3);
        Assert.Equal(new[] { 1.0, 4.0, 1.0 }, result.Weights.Replicas!.Select(w => w.KlWeight!.Value));
        Assert.Equal(2.0, result.Weights.KlWeight!.Value, 12);
        Assert.Contains(ReplicaObjective.ExtraTermKey(2, TotalCorrelationPenalty.Term), result.ExtraTerms.Keys);

        // Replica 1's objective moves only replica 1's weights.
        model.zero_grad();
        using var again = model.call(x);
        new ReplicaObjective([new Nothing(), Objective.Beta(4), new Nothing()])
            .Compute(again, step).Loss.backward();
        foreach (var p in model.parameters())
        {
            Assert.Equal(0, p.grad![0].abs().max().item<float>());
            Assert.Equal(0, p.grad![2].abs().max().item<float>());
        }
    }

    /// <summary>An objective whose loss is zero times the replica's terms: no gradient flows back to that replica.</summary>
    private sealed class Nothing : IObjective
    {
        public ObjectiveResult Compute(ModelOutput output, TrainingStep step) => new(output.Elbo.sum() * 0, AppliedWeights.None);
    }

    [Fact]
    public void Rows_that_do_not_split_evenly_are_refused()
    {
        using var model = new ReplicaMlpVae(Options, [1]);
        using var output = model.call(rand(7, 16).round());
        var error = Assert.Throws<ArgumentException>(() => new ReplicaObjective([Objective.Elbo(), Objective.Elbo()]).Compute(output, new TrainingStep(1, 0, 0, 1, 1)));
        Assert.Contains("7 rows", error.Message);
        Assert.Throws<ArgumentException>(() => new ReplicaObjective([]));
    }
}
