using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Models.Adversarial;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Adversarial;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class ConvVaeGanTests
{
    private static readonly ImageShape Tiny = new(1, 8, 8);

    private static ConvVaeGan Small(int seed = 4)
    {
        manual_seed(seed);
        return new ConvVaeGan(new ConvVaeGanOptions(LatentSize: 2, Channels1: 4, Channels2: 8, DiscriminatorChannels1: 4, DiscriminatorChannels2: 8, Shape: Tiny));
    }

    private static ConvVae SmallVae(int seed)
    {
        manual_seed(seed);
        return new ConvVae(new ConvVaeOptions(LatentSize: 2, Channels1: 4, Channels2: 8, Shape: Tiny));
    }

    [Fact]
    public void TheThreeGroupsPartitionTheParameters()
    {
        var model = Small();
        var handles = new[] { model.EncoderParameters, model.DecoderParameters, model.DiscriminatorParameters }.SelectMany(g => g.Select(p => p.Handle)).ToList();
        Assert.Equal(handles.Count, handles.Distinct().Count());
        Assert.Equal(model.parameters().Select(p => p.Handle).OrderBy(h => h), handles.OrderBy(h => h));
    }

    [Fact]
    public void ReportsTheElboTermsAndTheThreeAdversarialTermsPerExample()
    {
        using var scope = NewDisposeScope();
        var model = Small();
        using var output = model.call(rand(6, 64));
        foreach (var term in new[] { Term.LogLikelihood, Term.Kl, AdversarialVae.FeatureReconstruction, AdversarialVae.Adversarial, AdversarialVae.Discriminator })
            Assert.Equal([6L], output[term].shape);
        Assert.True(output[AdversarialVae.Discriminator].min().item<float>() > 0);
        var share = model.ShareJudgedReal(rand(10, 64));
        Assert.InRange(share, 0, 1);
        Assert.Equal(share * 10, Math.Round(share * 10), 9);
    }

    [Fact]
    public void CopiesATrainedVaesEncoderAndDecoderAndRefusesOtherSizes()
    {
        using var scope = NewDisposeScope();
        var vae = SmallVae(7);
        var model = Small(8);
        var x = rand(5, 64);
        Assert.False(model.Encode(x).Mean.allclose(vae.Encode(x).Mean));
        model.CopyAutoencoderFrom(vae);
        Assert.True(model.Encode(x).Mean.equal(vae.Encode(x).Mean).all().item<bool>());
        var z = randn(5, 2);
        Assert.True(model.Decode(z).equal(vae.Decode(z)).all().item<bool>());
        var other = new ConvVae(new ConvVaeOptions(LatentSize: 3, Channels1: 4, Channels2: 8, Shape: Tiny));
        Assert.Throws<ArgumentException>(() => model.CopyAutoencoderFrom(other));
    }

    /// <summary>
    /// The machinery control: three groups stepped jointly, the adversarial and feature terms weighted 0 and the pixel term 1,
    /// must train the encoder and decoder exactly as the one-optimizer ELBO training (one step per epoch, so every step's
    /// noise is the same draw in both). With another loss (the pixel term weighted 2 against the KL's 1) they must not.
    /// </summary>
    [Theory]
    [InlineData(1.0, true)]
    [InlineData(2.0, false)]
    public void WithTheAdversarialWeightZeroTheThreeGroupsTrainTheVaeExactlyAsTheElbo(double pixelWeight, bool same)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var data = rand(16, 64);
        var config = new TrainingConfig(Seed: 3, Epochs: 4, BatchSize: 16, LearningRate: 1e-2, Optimizer: new AdamOptimizer(Beta1: 0.5));
        var vae = SmallVae(5);
        var gan = Small(6);
        gan.CopyAutoencoderFrom(vae);
        new Trainer(vae, Objective.Elbo(), config) { Progress = TrainingProgress.None }.Fit(data);
        var recipe = new VaeGanRecipe(PixelWeight: pixelWeight, FeatureWeight: 0, AdversarialWeight: 0);
        new Trainer(gan, BeyondVae.Groups(gan, recipe), config, GroupStepping.Joint) { Progress = TrainingProgress.None }.Fit(data);
        var trained = gan.EncoderParameters.Concat(gan.DecoderParameters).ToList();
        var reference = vae.parameters().ToList();
        Assert.Equal(reference.Count, trained.Count);
        var largest = reference.Zip(trained).Max(p => (p.First - p.Second).abs().max().item<float>());
        if (same) Assert.True(largest < 1e-5, $"largest parameter difference {largest}");
        else Assert.True(largest > 1e-3, $"largest parameter difference {largest}");
    }

    [Fact]
    public void TheAdaptiveWeightMatchesTheTwoLossesGradientsAtTheDecodersLastLayer()
    {
        using var scope = NewDisposeScope();
        var model = Small();
        manual_seed(3);
        using var output = model.call(rand(8, 64));
        var objective = new AdaptiveAdversarialWeight(new WeightedTerms((Term.LogLikelihood, 1.0)), AdversarialVae.Adversarial, 0.5, model.DecoderOutputWeight);
        var result = objective.Compute(output, new TrainingStep(1, 0, 0, 1, 1));
        var last = new List<TorchSharp.torch.Tensor> { model.DecoderOutputWeight };
        var reconstruction = TorchSharp.torch.autograd.grad([-output[Term.LogLikelihood].mean()], last, retain_graph: true)[0].norm().item<float>();
        var adversarial = TorchSharp.torch.autograd.grad([output[AdversarialVae.Adversarial].mean()], last, retain_graph: true)[0].norm().item<float>();
        var expected = 0.5 * Math.Clamp(reconstruction / (adversarial + 1e-4), 0, 1e4);
        var applied = result.Weights.TermWeights[AdversarialVae.Adversarial];
        Assert.True(Math.Abs(applied - expected) <= 1e-4 * Math.Max(1, expected), $"applied {applied}, expected {expected}");
        var loss = -output[Term.LogLikelihood].mean().item<float>() + expected * output[AdversarialVae.Adversarial].mean().item<float>();
        Assert.True(Math.Abs(result.Loss.item<float>() - loss) <= 1e-4 * Math.Max(1, Math.Abs(loss)), $"loss {result.Loss.item<float>()}, expected {loss}");
    }

    [Fact]
    public void ARecipeWithoutAReconstructionTermIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new VaeGanRecipe(PixelWeight: 0, FeatureWeight: 0).Validate());
        Assert.Throws<ArgumentException>(() => new VaeGanRecipe(AdversarialWeight: -1).Validate());
        Assert.Throws<ArgumentException>(() => new VaeGanRecipe(AdversarialEpochs: 0).Validate());
    }
}
