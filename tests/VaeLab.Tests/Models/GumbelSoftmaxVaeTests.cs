using TorchSharp;
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

    [Fact]
    public void An_annealed_temperature_follows_the_training_step_and_a_resumed_run_repeats_it()
    {
        // τ(t) = max(0.3, 1·exp(−0.1·t)): 1, 0.905, 0.819, … reaching the floor 0.3 after 12 steps; 3 epochs of 6 steps.
        var options = ModelCatalogue.Gumbel.Defaults(Mnist) with { Variables = 6, Classes = 4, HiddenSize = 32, Temperature = 1, TemperatureDecay = 0.1, MinimumTemperature = 0.3 };
        var data = TinyImages.ThreePatterns(48, seed: 7);
        var config = new TrainingConfig(Seed: 7, Epochs: 3, BatchSize: 8, LearningRate: 3e-3, Threads: 1);
        var seen = new List<(long Step, double Tau)>();
        using var model = ModelCatalogue.Gumbel.Create(options, Mnist, seed: 7);
        Assert.Equal(1.0, model.Temperature);
        var run = new Trainer(model, ModelCatalogue.Gumbel.DefaultObjective(options), config)
        {
            Progress = TrainingProgress.None,
            OnStep = s => seen.Add((s.Step.GlobalStep, Assert.IsType<RelaxedCategorical>(s.Output.Latent!.Posterior).Temperature)),
        }.Fit(data);
        Assert.Equal(18, seen.Count);
        Assert.All(seen, s => Assert.Equal(Math.Max(0.3, Math.Exp(-0.1 * s.Step)), s.Tau, 12));   // each forward pass used τ(t)
        Assert.Equal(0.3, model.Temperature);                                                      // the last step's τ stays

        // A run stopped after epoch 1 and resumed from its checkpoint takes up τ at its step: the same losses.
        using var folder = new VaeLab.Tests.Training.TemporaryFolder();
        var path = Path.Combine(folder.Path, "gumbel.ckpt");
        using (var first = ModelCatalogue.Gumbel.Create(options, Mnist, seed: 7))
            new Trainer(first, ModelCatalogue.Gumbel.DefaultObjective(options), config with { Epochs = 1 }) { Progress = TrainingProgress.None, CheckpointPath = path }.Fit(data);
        using var resumed = ModelCatalogue.Gumbel.Create(options, Mnist, seed: 7);
        var again = new Trainer(resumed, ModelCatalogue.Gumbel.DefaultObjective(options), config) { Progress = TrainingProgress.None, CheckpointPath = path, Resume = true }.Fit(data);
        Assert.Equal(run.History.Select(e => e.Loss), again.History.Select(e => e.Loss));
        Assert.Throws<ArgumentException>(() => new GumbelSoftmaxVae(options with { TemperatureDecay = -1 }));
        Assert.Throws<ArgumentException>(() => new GumbelSoftmaxVae(options with { MinimumTemperature = 0 }));
    }

    [Fact]
    public void The_uniform_prior_outlives_the_dispose_scope_it_was_first_read_in_and_goes_with_the_model()
    {
        var model = Small(seed: 8);
        Categorical prior;
        using (NewDisposeScope()) prior = Assert.IsType<Categorical>(model.Prior);
        Assert.Same(prior, model.Prior);                                   // one instance, still alive after the scope
        Assert.All(prior.logits.data<float>().ToArray(), v => Assert.Equal(-Math.Log(4), v, 5));
        Assert.Equal(DeviceType.CPU, prior.logits.device_type);            // made where the model's weights are
        model.Dispose();
        Assert.Throws<InvalidOperationException>(() => prior.logits.sum()); // disposed with the model
    }
}

