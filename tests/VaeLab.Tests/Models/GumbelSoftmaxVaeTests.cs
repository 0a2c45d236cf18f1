using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Training;
using VaeLab.Training.Catalogue;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>The Gumbel-softmax (categorical) VAE, taken from the catalogue as the command line takes it.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class GumbelSoftmaxVaeTests(ITestOutputHelper log)
{
    private static readonly ImageData Mnist = new(ImageShape.Mnist);

    private static GumbelSoftmaxVae Small(int seed, bool hard = false) => ModelCatalogue.Gumbel.Create(
        ModelCatalogue.Gumbel.Defaults(Mnist) with { Variables = 6, Classes = 4, HiddenSize = 64, Temperature = 0.5, Hard = hard }, Mnist, seed);

    [Fact]
    public void Its_posterior_is_a_relaxed_categorical_and_its_kl_the_registrys_closed_form_against_the_uniform_prior()
    {
        manual_seed(4);
        using var model = Small(seed: 4);
        using var output = model.call(TinyImages.ThreePatterns(5, seed: 4));
        var latent = output.RequireLatent("test");
        var q = Assert.IsType<RelaxedCategorical>(latent.Posterior);
        Assert.Equal(0.5, q.Temperature);
        Assert.Equal(new long[] { 5, 6, 4 }, latent.Sample.shape);
        Assert.True(latent.Sample.requires_grad);
        Assert.Equal(KlMethod.ClosedForm, latent.Kl.Method);
        // Against the uniform prior, KL = Σ_k q_k log(K q_k) per variable.
        var byHand = (q.probs * (q.probs * 4).log()).sum(-1);
        Assert.True(latent.Kl.PerVariable.allclose(byHand, atol: 1e-5));

        using var hard = Small(seed: 4, hard: true);
        using var hardOutput = hard.call(TinyImages.ThreePatterns(5, seed: 4));
        var z = hardOutput.RequireLatent("test").Sample;
        Assert.True(z.eq(z.max(-1, keepdim: true).values).sum(-1).eq(1).all().item<bool>() && z.sum(-1).allclose(ones(5, 6)));
        hardOutput.LogLikelihood.sum().backward();
        Assert.True(hard.named_parameters().Where(p => p.name.StartsWith("encoder")).Sum(p => p.parameter.grad!.abs().sum().item<float>()) > 0,
            "straight-through: the reconstruction gradient reaches the encoder");
        Assert.Throws<ArgumentException>(() => model.Likelihood(randn(5, 4, 6)));
    }

    [Fact]
    public void A_few_steps_on_three_patterns_lower_the_loss_a_seed_repeats_them_and_the_bound_is_finite()
    {
        var data = TinyImages.ThreePatterns(48, seed: 5);
        var config = new TrainingConfig(Seed: 5, Epochs: 4, BatchSize: 16, LearningRate: 3e-3, Threads: 1);
        TrainingResult Run(out GumbelSoftmaxVae trained)
        {
            trained = Small(seed: 5);
            return new Trainer(trained, ModelCatalogue.Gumbel.DefaultObjective(trained.Options), config) { Progress = TrainingProgress.None, RecordSteps = true }.Fit(data);
        }

        var first = Run(out var model);
        var losses = first.History.Select(e => e.Loss).ToArray();
        var untrained = first.Steps[0].Loss;                                // the first step's loss, before any update
        var report = $"first step {untrained:F1}, then per epoch: {string.Join(", ", losses.Select(l => l.ToString("F1")))}";
        log.WriteLine($"gumbel loss: {report}");
        Assert.True(losses[^1] < 0.9 * untrained, report);
        Assert.Equal(6, first.Last.KlPerDimension.Length);                 // one KL per categorical variable
        var again = Run(out var twin);
        twin.Dispose();
        Assert.Equal(losses, again.History.Select(e => e.Loss).ToArray());

        // The importance-weighted bound (exact one-hot samples from q): finite and at least the one-sample bound.
        model.eval();
        var curve = VaeEvaluation.ImportanceWeighted(model, data.narrow(0, 0, 16), [1, 32], seed: 6);
        log.WriteLine($"gumbel IWAE bounds k = 1, 32: {curve.Bounds[0]:F2}, {curve.Bounds[1]:F2}");
        Assert.True(double.IsFinite(curve.Tightest) && curve.Tightest <= 1e-4);
        Assert.True(curve.Bounds[1] >= curve.Bounds[0] - 1e-4);
        model.Dispose();
    }
}
