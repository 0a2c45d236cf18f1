using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Data;
using VaeLab.Data.Sources;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Training;

/// <summary>Two scalar parameters a and b; per example the terms (a − b)² ("pull") and (b − 3)² ("anchor"), as plain losses.</summary>
internal sealed class TwoScalars : nn.Module<Tensor, ModelOutput>
{
    public static readonly Term Pull = new("pull");
    public static readonly Term Anchor = new("anchor");
    private readonly Parameter a;
    private readonly Parameter b;

    public TwoScalars(double a0, double b0) : base(nameof(TwoScalars))
    {
        a = new Parameter(tensor((float)a0));
        b = new Parameter(tensor((float)b0));
        RegisterComponents();
    }

    public Parameter A => a;
    public Parameter B => b;

    public override ModelOutput forward(Tensor x) => new(new Dictionary<Term, Tensor>
    {
        [Pull] = (a - b).square().expand(x.shape[0]),
        [Anchor] = (b - 3).square().expand(x.shape[0]),
    });
}

/// <summary>A conditional toy model on <see cref="Paired"/> batches: it checks that every condition is its input's row sum.</summary>
internal sealed class ConditionCheck : nn.Module<Paired, ModelOutput>
{
    private readonly Linear layer = nn.Linear(4, 1);

    public ConditionCheck() : base(nameof(ConditionCheck)) => RegisterComponents();

    public int Batches { get; private set; }

    public override ModelOutput forward(Paired batch)
    {
        if (!batch.Condition.allclose(batch.Input.sum(1))) throw new InvalidOperationException("A condition was separated from its input.");
        Batches++;
        var prediction = layer.call(batch.Input).squeeze(1);
        return new ModelOutput(new Dictionary<Term, Tensor> { [new Term("squared_error")] = (prediction - batch.Condition).square() });
    }
}

/// <summary>
/// A model without a latent variable, like a DDPM denoiser on VAE latents: it predicts the noise added to its input and
/// reports the squared error as its one term (a plain loss).
/// </summary>
internal sealed class ToyDenoiser : nn.Module<Tensor, ModelOutput>
{
    public static readonly Term Denoising = new("denoising");
    private readonly Linear network = nn.Linear(4, 4);

    public ToyDenoiser() : base(nameof(ToyDenoiser)) => RegisterComponents();

    public override ModelOutput forward(Tensor x)
    {
        var noise = randn_like(x);                      // from torch's generator, which the trainer seeds per epoch
        var predicted = network.call(x + noise);
        return new ModelOutput(new Dictionary<Term, Tensor> { [Denoising] = (predicted - noise).square().sum(1) });
    }
}

[Collection(TorchGlobalState.Name)]
public class OpenTrainerTests
{
    private static readonly Tensor OneExample = zeros(1, 1);

    private static TrainingResult Fit(TwoScalars model, TrainingConfig config, IObjective? objective = null) =>
        new Trainer(model, objective ?? Objective.Elbo(), config) { Progress = TrainingProgress.None }.Fit(OneExample);

    [Fact]
    public void Sgd_takes_the_plain_gradient_step()
    {
        var model = new TwoScalars(0, 1);
        Fit(model, new TrainingConfig(Epochs: 1, BatchSize: 1, LearningRate: 0.1, Optimizer: OptimizerChoice.Sgd()));
        // loss = (a − b)² + (b − 3)²: ∂/∂a = 2(a − b) = −2, ∂/∂b = −2(a − b) + 2(b − 3) = 2 − 4 = −2.
        Assert.Equal(0.2, model.A.item<float>(), 6);
        Assert.Equal(1.2, model.B.item<float>(), 6);
    }

    [Fact]
    public void AdamW_decays_the_weights_apart_from_the_adaptive_step()
    {
        var model = new TwoScalars(0.5, 1);
        Fit(model, new TrainingConfig(Epochs: 1, BatchSize: 1, LearningRate: 0.1, Optimizer: OptimizerChoice.AdamW(weightDecay: 0.5)));
        // Adam's first step is −lr·sign(g); AdamW first shrinks each weight by (1 − lr·λ) = 0.95. g_a = −1 < 0, g_b = −3 < 0.
        Assert.Equal(0.5 * 0.95 + 0.1, model.A.item<float>(), 5);
        Assert.Equal(1.0 * 0.95 + 0.1, model.B.item<float>(), 5);
        Assert.Equal("AdamW (weight decay 0.5)", OptimizerChoice.AdamW(0.5).ToString());
        Assert.Contains("sgd", Assert.Throws<ArgumentException>(() => OptimizerChoice.Parse("rmsprop")).Message);
    }

    [Fact]
    public void The_optimizer_is_stored_in_the_checkpoint_and_a_resumed_sgd_run_matches_an_uninterrupted_one()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "run.ckpt");
        var config = new TrainingConfig(Epochs: 4, BatchSize: 1, LearningRate: 0.05, Optimizer: OptimizerChoice.Sgd(momentum: 0.9));
        var straight = new TwoScalars(0, 1);
        Fit(straight, config);
        var first = new TwoScalars(0, 1);
        new Trainer(first, Objective.Elbo(), config with { Epochs = 2 }) { Progress = TrainingProgress.None, CheckpointPath = path }.Fit(OneExample);
        Assert.Equal(OptimizerChoice.Sgd(momentum: 0.9), Checkpoint.ReadInfo(path).Config.Optimizer);
        var resumed = new TwoScalars(0, 1);
        new Trainer(resumed, Objective.Elbo(), config) { Progress = TrainingProgress.None, CheckpointPath = path, Resume = true }.Fit(OneExample);
        Assert.Equal(straight.A.item<float>(), resumed.A.item<float>(), 6);   // the momentum buffers came back too
        Assert.Equal(straight.B.item<float>(), resumed.B.item<float>(), 6);
    }

    [Fact]
    public void Joint_groups_each_step_on_their_own_loss_at_the_same_parameters()
    {
        var model = new TwoScalars(0, 1);
        var groups = new[]
        {
            new ParameterGroup("a", [model.A], new WeightedTerms((TwoScalars.Pull, 1)), OptimizerChoice.Sgd(), 0.1),
            new ParameterGroup("b", [model.B], new WeightedTerms((TwoScalars.Anchor, 1)), OptimizerChoice.Sgd(), 0.25),
        };
        var run = new Trainer(model, groups, new TrainingConfig(Epochs: 1, BatchSize: 1)) { Progress = TrainingProgress.None }.Fit(OneExample);
        // a follows only ∂(a − b)²/∂a = −2 (the pull also depends on b, but its gradient stays in group a); b only
        // ∂(b − 3)²/∂b = −4; both at (a, b) = (0, 1).
        Assert.Equal(0.2, model.A.item<float>(), 6);
        Assert.Equal(2.0, model.B.item<float>(), 6);
        Assert.Equal(1.0, run.Last.GroupLosses["a"], 6);
        Assert.Equal(4.0, run.Last.GroupLosses["b"], 6);
        Assert.Equal(5.0, run.Last.Loss, 6);
    }

    [Fact]
    public void Alternating_groups_step_in_turn_so_the_second_sees_the_first_ones_update()
    {
        var model = new TwoScalars(0, 1);
        var groups = new[]
        {
            new ParameterGroup("b", [model.B], new Objective { TermWeights = new Dictionary<Term, double> { [TwoScalars.Pull] = 0 } }, OptimizerChoice.Sgd(), 0.25),
            new ParameterGroup("a", [model.A], new Objective { TermWeights = new Dictionary<Term, double> { [TwoScalars.Anchor] = 0 } }, OptimizerChoice.Sgd(), 0.1),
        };
        new Trainer(model, groups, new TrainingConfig(Epochs: 1, BatchSize: 1), GroupStepping.Alternating) { Progress = TrainingProgress.None }.Fit(OneExample);
        // b first: 1 − 0.25·(−4) = 2; then a against the new b: 0 − 0.1·2(0 − 2) = 0.4.
        Assert.Equal(2.0, model.B.item<float>(), 6);
        Assert.Equal(0.4, model.A.item<float>(), 6);
    }

    [Fact]
    public void A_weighted_terms_objective_minimises_exactly_the_terms_it_names()
    {
        using var output = new TwoScalars(0, 1).call(zeros(2, 1));
        var result = new WeightedTerms((TwoScalars.Anchor, 0.5)).Compute(output, new TrainingStep(1, 0, 0, 1, 1));
        Assert.Equal(2.0, result.Loss.item<float>(), 6);                                // 0.5 · (1 − 3)²; the pull is left out
        Assert.Contains("'kl'", Assert.Throws<ArgumentException>(() => new WeightedTerms((Term.Kl, 1)).Compute(output, new TrainingStep(1, 0, 0, 1, 1))).Message);
    }

    [Fact]
    public void Groups_must_not_share_a_parameter()
    {
        var model = new TwoScalars(0, 1);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(model,
            [new ParameterGroup("x", [model.A], Objective.Elbo()), new ParameterGroup("y", [model.A, model.B], Objective.Elbo())], new TrainingConfig()));
        Assert.Contains("two groups", error.Message);
    }

    [Fact]
    public void A_stream_from_disk_trains_to_the_same_numbers_as_the_tensor_in_memory()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "images.idx");
        var bytes = (TrainerTests.ToyImages(96, 4) * 255).to_type(ScalarType.Byte);
        IdxFile.Write(path, [96, 28, 28], bytes.data<byte>().ToArray());
        var config = new TrainingConfig(Seed: 4, Epochs: 2, BatchSize: 40);
        TrainingResult Run(Func<Trainer, TrainingResult> fit)
        {
            manual_seed(4);
            var model = new MlpVae(new MlpVaeOptions(HiddenSize: 16, LatentSize: 2));
            return fit(new Trainer(model, Objective.Elbo(), config) { Progress = TrainingProgress.None });
        }
        var inMemory = Run(t => t.Fit(bytes.to_type(ScalarType.Float32).div_(255f).reshape(96, 1, 28, 28)));
        using var stream = new IdxImageStream(path);
        Assert.Equal(96, stream.Count);
        var streamed = Run(t => t.Fit(stream));
        Assert.Equal(inMemory.History.Select(h => h.Loss), streamed.History.Select(h => h.Loss));
        Assert.Equal(inMemory.Last.Train.Elbo, streamed.Last.Train.Elbo);
    }

    [Fact]
    public void A_compressed_or_short_file_cannot_be_streamed()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "images.idx.gz");
        IdxFile.Write(path, [2, 4, 4], new byte[32], gzip: true);
        Assert.Contains("gunzip", Assert.Throws<DatasetException>(() => new IdxImageStream(path)).Message);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..10]);
        Assert.Throws<DatasetException>(() => new IdxImageStream(path));
    }

    [Fact]
    public void Paired_batches_keep_each_condition_with_its_input_through_the_shuffle()
    {
        manual_seed(5);
        var inputs = randn(new long[] { 50, 4 }, generator: new Generator(6));
        var model = new ConditionCheck();
        var run = new Trainer<Paired>(model, Objective.Elbo(), new TrainingConfig(Seed: 5, Epochs: 30, BatchSize: 8, LearningRate: 0.05))
            { Progress = TrainingProgress.None }.Fit(new PairedBatches(inputs, inputs.sum(1)), new PairedBatches(inputs, inputs.sum(1)));
        Assert.Equal(30 * 7 + 30 * 1, model.Batches);                 // 7 training batches and one evaluation batch per epoch
        Assert.True(run.Last.Test!.Terms[new Term("squared_error")] < 0.01 * run.History[0].Test!.Terms[new Term("squared_error")]);
        Assert.Throws<ArgumentException>(() => new PairedBatches(inputs, zeros(49)));
    }

    [Fact]
    public void A_plain_loss_model_trains_through_the_same_trainer_and_its_summary_shows_its_term()
    {
        manual_seed(7);
        var model = new ToyDenoiser();
        var data = 0.1 * randn(new long[] { 256, 4 }, generator: new Generator(8));
        var run = new Trainer(model, Objective.Elbo(), new TrainingConfig(Seed: 7, Epochs: 8, BatchSize: 32, LearningRate: 1e-2)) { Progress = TrainingProgress.None }
            .Fit(data, data);
        Assert.True(run.Last.Test!.Terms[ToyDenoiser.Denoising] < 0.8 * run.History[0].Test!.Terms[ToyDenoiser.Denoising]);
        Assert.False(run.Last.Test.HasKl);
        Assert.StartsWith("denoising ", run.Last.Test.ToString());
        Assert.Empty(run.Last.KlPerDimension);
    }

    [Fact]
    public void Batches_visit_every_row_once_without_gradient_and_concatenate_in_order()
    {
        var data = arange(10).reshape(10, 1).to_type(ScalarType.Float32).requires_grad_();
        var doubled = Batches.Map(data, 3, batch => batch * 2);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 2f * i), doubled.data<float>().ToArray());
        Assert.False(doubled.requires_grad);
        var starts = new List<long>();
        Batches.ForEach(data, 4, (batch, start) => starts.Add(start));
        Assert.Equal([0L, 4, 8], starts);
        Assert.Equal(45, Batches.Sum(data, 4, batch => batch.sum().item<float>()));
    }
}
