using VaeLab.Data.Sequences;
using VaeLab.Evaluation;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Objectives.Schedules;
using VaeLab.Training;

namespace VaeLab.Tests.Experiments;

/// <summary>A tiny collapse study end to end: replica layout, per-replica records, per-replica evaluation.</summary>
public sealed class CollapseStudyTests
{
    [Fact]
    public void EveryMethodOnEverySeedIsTrainedRecordedAndEvaluatedAsItsOwnModel()
    {
        using var train = TopicMarkovSequences.Generate(new TopicMarkovOptions(VocabularySize: 5, Length: 6, Topics: 2, Count: 60, Seed: 1));
        using var test = TopicMarkovSequences.Sample(train.Chains, 30, 6, new Random(2), "test");
        using var readout = TopicMarkovSequences.Sample(train.Chains, 30, 6, new Random(3), "read-out");
        CollapseMethod[] methods =
        [
            new("plain", Objective.Elbo()),
            new("warm-up", KlScheduleWeight.Annealed(new LinearWarmupKlSchedule(0.5)), WordDropout: 0.25),
        ];
        var settings = new CollapseStudySettings(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 3, HiddenSize: 4, LatentSize: 2, LatentAtEveryStep: true),
            methods, [10, 11], new TrainingConfig(Seed: 5, Epochs: 2, BatchSize: 20, LearningRate: 1e-2));
        var study = CollapseStudy.Train(settings, train, readout, test, progress: TrainingProgress.None);

        Assert.Equal(4, study.Replicas);
        Assert.Equal(3, study.Index("warm-up", 1));
        Assert.Equal(("warm-up", 10), study.Replica(2));
        Assert.Equal(0.25, study.Models[study.Index("warm-up", 0)].Options.WordDropout);
        Assert.All(Enumerable.Range(0, 4), r => Assert.Equal(new[] { 1, 2 }, study.Epochs(r).Select(e => e.Epoch)));
        // The warm-up replicas start at β = 0, the plain ones at 1; each replica's steps carry its own weights.
        Assert.Equal(1.0, study.Steps(study.Index("plain", 1))[0].Weights.KlWeight);
        Assert.Equal(0.0, study.Steps(study.Index("warm-up", 1))[0].Weights.KlWeight);
        Assert.Equal(6, study.Steps(0).Count);                                   // 60 sequences, 20 per replica and step, 2 epochs
        Assert.Throws<ArgumentException>(() => study.Index("free bits", 0));

        var outcomes = study.Evaluate(readout, test, iwaeSamples: 3, iwaeCount: 10, draws: 2, seed: 1);
        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            Assert.True(double.IsFinite(o.TestNegativeElbo) && double.IsFinite(o.IwaeNll) && double.IsFinite(o.Information.Nats));
            Assert.InRange(o.SampledAccuracy, 0, 1);
            Assert.InRange(o.FanoCeiling, 0.5, 1);                              // 2 topics: chance is 0.5
        });
        Assert.Equal(new[] { "plain", "plain", "warm-up", "warm-up" }, outcomes.Select(o => o.Method));
    }

    [Fact]
    public void A_decoder_alone_control_trains_beside_the_methods_and_ignores_its_code()
    {
        using var train = TopicMarkovSequences.Generate(new TopicMarkovOptions(VocabularySize: 5, Length: 6, Topics: 2, Count: 60, Seed: 1));
        using var test = TopicMarkovSequences.Sample(train.Chains, 30, 6, new Random(2), "test");
        CollapseMethod[] methods = [new("plain", Objective.Elbo()), new("decoder alone", Objective.Elbo(), DecoderSeesLatent: false)];
        var settings = new CollapseStudySettings(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 3, HiddenSize: 4, LatentSize: 2, LatentAtEveryStep: true),
            methods, [10, 11], new TrainingConfig(Seed: 5, Epochs: 2, BatchSize: 20, LearningRate: 1e-2));
        var study = CollapseStudy.Train(settings, train, test, test, progress: TrainingProgress.None);
        Assert.True(study.Models[study.Index("plain", 0)].Options.DecoderSeesLatent);
        var alone = study.Models[study.Index("decoder alone", 1)];
        Assert.False(alone.Options.DecoderSeesLatent);
        // Its code changes nothing, so swapping codes costs nothing, and its trained decoder differs from the plain one's.
        Assert.Equal(0.0, CollapseDiagnostics.ShuffledLatentCost(alone, test.Tokens, seed: 1), 5);
        Assert.NotEqual(study.Epochs(study.Index("plain", 1))[^1].TestNegativeElbo, study.Epochs(study.Index("decoder alone", 1))[^1].TestNegativeElbo);
    }

    [Fact]
    public void The_last_epoch_change_is_per_seed_and_knows_whether_the_schedule_still_moved()
    {
        using var train = TopicMarkovSequences.Generate(new TopicMarkovOptions(VocabularySize: 5, Length: 6, Topics: 2, Count: 60, Seed: 1));
        using var test = TopicMarkovSequences.Sample(train.Chains, 30, 6, new Random(2), "test");
        CollapseMethod[] methods =
        [
            new("plain", Objective.Elbo()),
            // 6 steps, 2 epochs: the ramp ends at step 3, so epoch 2 (steps 3–5) is at β = 1 throughout.
            new("warm-up", KlScheduleWeight.Annealed(new LinearWarmupKlSchedule(0.5))),
            // 3 cycles of 2 steps: epoch 2 holds the start of the third cycle (β = 0 at step 4).
            new("cyclical", KlScheduleWeight.Annealed(new CyclicalKlSchedule(3, 0.5))),
        ];
        var settings = new CollapseStudySettings(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 3, HiddenSize: 4, LatentSize: 2, LatentAtEveryStep: true),
            methods, [10, 11, 12], new TrainingConfig(Seed: 5, Epochs: 2, BatchSize: 20, LearningRate: 1e-2));
        var study = CollapseStudy.Train(settings, train, test, test, progress: TrainingProgress.None);

        var plain = study.LastEpoch("plain");
        Assert.True(plain.WeightConstant);
        Assert.Equal(3, plain.FallPerSeed.Count);
        var epochs = study.Epochs(study.Index("plain", 2));
        Assert.Equal(epochs[0].TestNegativeElbo - epochs[1].TestNegativeElbo, plain.FallPerSeed[2], 12);
        Assert.True(study.LastEpoch("warm-up").WeightConstant);
        Assert.False(study.LastEpoch("cyclical").WeightConstant);
        // Which epochs hold part of a ramp (β below 1 at some step): the cyclical restarts line counts from these.
        Assert.Equal(new[] { false, false }, study.RampEpochs(study.Index("plain", 0)));
        Assert.Equal(new[] { true, false }, study.RampEpochs(study.Index("warm-up", 1)));
        Assert.Equal(new[] { true, true }, study.RampEpochs(study.Index("cyclical", 2)));
    }
}
