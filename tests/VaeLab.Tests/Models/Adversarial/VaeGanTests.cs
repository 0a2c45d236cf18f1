using VaeLab.Models;
using VaeLab.Models.Adversarial;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Adversarial;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class VaeGanTests
{
    private static VaeGan Small()
    {
        manual_seed(4);
        return new VaeGan(new VaeGanOptions(InputSize: 16, HiddenSize: 8, LatentSize: 2, DiscriminatorHidden: 8, FeatureSize: 4));
    }

    [Fact]
    public void TheThreeGroupsPartitionTheParameters()
    {
        var model = Small();
        var groups = new[] { model.EncoderParameters, model.DecoderParameters, model.DiscriminatorParameters };
        var handles = groups.SelectMany(g => g.Select(p => p.Handle)).ToList();
        Assert.Equal(handles.Count, handles.Distinct().Count());
        Assert.Equal(model.parameters().Select(p => p.Handle).OrderBy(h => h), handles.OrderBy(h => h));
    }

    [Fact]
    public void ReportsTheElboTermsAndTheThreeAdversarialTermsPerExample()
    {
        using var scope = NewDisposeScope();
        var model = Small();
        using var output = model.call(rand(6, 16));
        foreach (var term in new[] { Term.LogLikelihood, Term.Kl, VaeGan.FeatureReconstruction, VaeGan.Adversarial, VaeGan.Discriminator })
            Assert.Equal([6L], output[term].shape);
        Assert.NotNull(output.Latent);
        Assert.True(output[VaeGan.Discriminator].min().item<float>() > 0);
    }

    [Fact]
    public void EachGroupsLossMovesOnlyItsOwnParametersAndTheDiscriminatorLearnsToTellRealFromDecoded()
    {
        // One joint step with only the discriminator's group: the encoder and decoder must not move.
        using var scope = NewDisposeScope();
        var model = Small();
        var data = rand(64, 16).gt(0.5).to_type(ScalarType.Float32);
        var before = model.EncoderParameters.Concat(model.DecoderParameters).Select(p => p.detach().clone()).ToList();
        var groups = new[] { new ParameterGroup("discriminator", model.DiscriminatorParameters, new WeightedTerms((VaeGan.Discriminator, 1.0))) };
        var run = new Trainer(model, groups, new TrainingConfig(Seed: 1, Epochs: 30, BatchSize: 64, LearningRate: 1e-2)) { Progress = TrainingProgress.None }.Fit(data);
        var after = model.EncoderParameters.Concat(model.DecoderParameters).ToList();
        Assert.All(before.Zip(after), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));
        Assert.True(run.Last.Train.Terms[VaeGan.Discriminator] < run.History[0].Train.Terms[VaeGan.Discriminator]);
    }

    [Fact]
    public void TrainsWithAllThreeGroupsJointly()
    {
        using var scope = NewDisposeScope();
        var model = Small();
        var data = rand(64, 16).gt(0.5).to_type(ScalarType.Float32);
        var groups = new[]
        {
            new ParameterGroup("encoder", model.EncoderParameters, new WeightedTerms((Term.Kl, 1.0), (VaeGan.FeatureReconstruction, 1.0))),
            new ParameterGroup("decoder", model.DecoderParameters, new WeightedTerms((VaeGan.FeatureReconstruction, 1.0), (VaeGan.Adversarial, 1.0))),
            new ParameterGroup("discriminator", model.DiscriminatorParameters, new WeightedTerms((VaeGan.Discriminator, 1.0))),
        };
        var run = new Trainer(model, groups, new TrainingConfig(Seed: 1, Epochs: 2, BatchSize: 32), GroupStepping.Joint)
            { Progress = TrainingProgress.None, RecordSteps = true }.Fit(data);
        Assert.Equal(4, run.Steps.Count);
        Assert.Equal(["encoder", "decoder", "discriminator"], run.Last.GroupLosses.Keys.ToArray());
        Assert.All(run.Last.GroupLosses.Values, v => Assert.True(double.IsFinite(v)));
    }
}
