using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>
/// A discrete VAE written only for the tests (Jang et al. 2017's categorical VAE in miniature): L categorical latents of K
/// classes, q(z|x) the Gumbel-softmax relaxation of a categorical, p(z) uniform, a Bernoulli decoder of the one-hot codes.
/// It proves a categorical posterior fits the contract with nothing written twice: the ELBO pass, the KL registry, the
/// trainer and the importance-weighted bound are the library's.
/// </summary>
internal sealed class ToyCategoricalVae : LatentVariableModel
{
    public const int Variables = 3, Classes = 4, Pixels = 12;
    private readonly TorchSharp.Modules.Linear encoder;
    private readonly TorchSharp.Modules.Linear decoder;
    private readonly Categorical prior = Categorical.Uniform(Variables, Classes);

    public ToyCategoricalVae() : base(nameof(ToyCategoricalVae))
    {
        encoder = nn.Linear(Pixels, Variables * Classes);
        decoder = nn.Linear(Variables * Classes, Pixels);
        RegisterComponents();
    }

    public override Distribution Posterior(Tensor x) => new RelaxedCategorical(encoder.call(x).reshape(x.shape[0], Variables, Classes), temperature: 0.5);

    public override Distribution Prior => prior;

    public override Distribution Likelihood(Tensor z) => new PixelLikelihood(DecoderLikelihood.Bernoulli, decoder.call(z.flatten(-2)));
}

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class CategoricalVaeTests
{
    private static Tensor Data(int count, int seed)
    {
        var generator = new Generator((ulong)seed);
        var patterns = rand(new long[] { 3, ToyCategoricalVae.Pixels }, generator: generator).round();
        return patterns.index_select(0, randint(0, 3, [count], generator: generator));
    }

    [Fact]
    public void The_elbo_pass_draws_a_relaxed_sample_and_takes_the_closed_form_categorical_kl()
    {
        manual_seed(1);
        using var model = new ToyCategoricalVae();
        var x = Data(5, 1);
        using var output = model.call(x);
        var latent = output.RequireLatent("test");
        var q = Assert.IsType<RelaxedCategorical>(latent.Posterior);
        // z is a point of the simplex per variable, differentiable in the encoder's logits, and not one-hot.
        Assert.Equal(new long[] { 5, 3, 4 }, latent.Sample.shape);
        Assert.True(latent.Sample.sum(-1).allclose(ones(5, 3), atol: 1e-5));
        Assert.True(latent.Sample.requires_grad);
        Assert.True((latent.Sample.max(-1).values < 0.999).any().item<bool>());
        // KL = Σ_l Σ_k q log(q K), per variable.
        Assert.Equal(KlMethod.ClosedForm, latent.Kl.Method);
        Assert.Equal(new long[] { 5, 3 }, latent.Kl.PerVariable.shape);
        var byHand = (q.probs * (q.probs * ToyCategoricalVae.Classes).log()).sum(-1);
        Assert.True(latent.Kl.PerVariable.allclose(byHand, atol: 1e-5));
        Assert.True(output.Kl.allclose(byHand.sum(-1), atol: 1e-5));
        // The gradient of the reconstruction term reaches the encoder through the relaxed sample.
        output.LogLikelihood.sum().backward();
        Assert.True(model.parameters().First().grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void It_trains_through_the_one_trainer_and_its_bound_is_written_once()
    {
        manual_seed(2);
        using var model = new ToyCategoricalVae();
        var data = Data(256, 2);
        var run = new Trainer(model, Objective.Elbo(), new TrainingConfig(Seed: 2, Epochs: 6, BatchSize: 32, LearningRate: 1e-2)) { Progress = TrainingProgress.None }
            .Fit(data, data);
        Assert.True(run.Last.Test!.Elbo > run.History[0].Test!.Elbo + 1, $"test ELBO {run.History[0].Test!.Elbo} → {run.Last.Test!.Elbo}");
        Assert.Equal(3, run.Last.KlPerDimension.Length);

        // The importance-weighted bound on the exact (one-hot) samples: finite and no lower than the ELBO it starts from.
        model.eval();
        var curve = VaeEvaluation.ImportanceWeighted(model, data.narrow(0, 0, 20), [1, 64], seed: 3);
        Assert.True(double.IsFinite(curve.Tightest));
        Assert.True(curve.Bounds[1] >= curve.Bounds[0] - 1e-4);
        // log p(x) ≤ 0 for binary data, and the bound cannot exceed it with exact samples.
        Assert.True(curve.Tightest <= 1e-4);
    }
}
