using VaeLab.Data.Sequences;
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
}
