using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Training;

/// <summary>
/// The trainer's records are keyed by types, not strings: extra loss terms by <see cref="Term"/>, group losses by
/// <see cref="GroupName"/>; names become text only in the metrics files and checkpoints (and come back from them).
/// </summary>
[Collection(TorchGlobalState.Name)]
public class RecordKeysTests
{
    private static readonly Tensor OneExample = zeros(1, 1);
    private static readonly Term Shared = new("shared_penalty");
    private static readonly Term OfA = new("a_penalty");
    private static readonly Term OfB = new("b_penalty");

    /// <summary>Group a trains a on the pull, group b trains b on the anchor; each adds a constant extra term.</summary>
    private static ParameterGroup[] Groups(TwoScalars model, Term extraOfA, Term extraOfB) =>
    [
        new("a", [model.A], new Objective { TermWeights = new Dictionary<Term, double> { [TwoScalars.Anchor] = 0 }, ExtraTerms = [(extraOfA, (_, _) => tensor(0.5f))] },
            OptimizerChoice.Sgd(), 0.1),
        new("b", [model.B], new Objective { TermWeights = new Dictionary<Term, double> { [TwoScalars.Pull] = 0 }, ExtraTerms = [(extraOfB, (_, _) => tensor(2f))] },
            OptimizerChoice.Sgd(), 0.25),
    ];

    [Fact]
    public void An_objective_that_names_an_extra_term_twice_is_refused_in_one_line()
    {
        using var output = new TwoScalars(0, 1).call(OneExample);
        var objective = new Objective { ExtraTerms = [(Shared, (_, _) => tensor(1f)), (Shared, (_, _) => tensor(2f))] };
        var error = Assert.Throws<ArgumentException>(() => objective.Compute(output, new TrainingStep(1, 0, 0, 1, 1)));
        Assert.Contains("'shared_penalty' 2 times", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_groups_that_add_the_same_extra_term_stop_with_a_one_line_error_whether_steps_are_recorded_or_not(bool recordSteps)
    {
        // Before the typed records: with steps recorded this threw a bare duplicate-key error; without, the epoch record
        // silently summed the two groups' values under one name.
        var model = new TwoScalars(0, 1);
        var trainer = new Trainer(model, Groups(model, Shared, Shared), new TrainingConfig(Epochs: 1, BatchSize: 1))
            { Progress = TrainingProgress.None, RecordSteps = recordSteps };
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(OneExample));
        Assert.Contains("'a' and 'b' both add the extra term 'shared_penalty'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Each_groups_extra_terms_and_loss_are_recorded_under_their_names_and_come_back_from_a_checkpoint()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = Path.Combine(folder.Path, "run.ckpt");
        var model = new TwoScalars(0, 1);
        var run = new Trainer(model, Groups(model, OfA, OfB), new TrainingConfig(Epochs: 2, BatchSize: 1))
            { Progress = TrainingProgress.None, RecordSteps = true, CheckpointPath = checkpoint }.Fit(OneExample);

        Assert.All(run.Steps, s => Assert.Equal(new[] { OfA, OfB }, s.ExtraTerms.Keys));
        Assert.All(run.Steps, s => Assert.Equal(2.0, s.ExtraTerms[OfB]));
        Assert.Equal(0.5, run.History[0].ExtraTerms[OfA], 6);
        Assert.Equal(new GroupName[] { "a", "b" }, run.History[0].GroupLosses.Keys);
        // Epoch 1 at (a, b) = (0, 1): group a's loss is (a − b)² + 0.5, group b's (b − 3)² + 2.
        Assert.Equal(1.5, run.History[0].GroupLosses["a"], 6);
        Assert.Equal(6.0, run.History[0].GroupLosses["b"], 6);
        Assert.Throws<KeyNotFoundException>(() => run.History[0].GroupLosses["c"]);
        Assert.Throws<ArgumentException>(() => run.History[0].GroupLosses[" "]);

        // Files: the names, as before the typed keys (the CSV header, the JSON's dictionary keys), read back as the types.
        var json = Path.Combine(folder.Path, "metrics.json");
        MetricsFile.WriteJson(json, run.History);
        var text = File.ReadAllText(json);
        Assert.Contains("\"a_penalty\": 0.5", text);
        Assert.Contains("\"b\": 6", text);
        var csv = Path.Combine(folder.Path, "metrics.csv");
        MetricsFile.WriteCsv(csv, run.History);
        Assert.EndsWith("a_penalty,b_penalty,seconds,examples_per_second", File.ReadAllLines(csv)[0]);
        var history = Checkpoint.ReadInfo(checkpoint).History;
        Assert.Equal(run.History[1].ExtraTerms, history[1].ExtraTerms);
        Assert.Equal(run.History[1].GroupLosses, history[1].GroupLosses);
    }

    [Fact]
    public void A_blank_group_name_is_refused_before_training()
    {
        var model = new TwoScalars(0, 1);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(model,
            [new ParameterGroup(" ", [model.A], Objective.Elbo()), new ParameterGroup("b", [model.B], Objective.Elbo())], new TrainingConfig()));
        Assert.Contains("needs a name", error.Message);
    }
}
