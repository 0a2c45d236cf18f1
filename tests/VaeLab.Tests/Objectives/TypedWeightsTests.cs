using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Tests.Training;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

[Collection(TorchGlobalState.Name)]
public class TypedWeightsTests
{
    private static ModelOutput VqLikeOutput() => new(new Dictionary<Term, Tensor>
    {
        [Term.LogLikelihood] = tensor(new[] { -2f, -4f }),
        [Term.Codebook] = tensor(new[] { 1f, 3f }),
        [Term.Commitment] = tensor(new[] { 2f, 2f }),
    });

    private static readonly TrainingStep Step = new(1, 0, 0, 1, 1);

    [Fact]
    public void A_weight_for_a_term_the_model_does_not_report_is_a_one_line_error_naming_the_terms_it_does()
    {
        using var output = VqLikeOutput();
        var misspelt = new Objective { TermWeights = new Dictionary<Term, double> { [new Term("comitment")] = 0.25 } };
        var error = Assert.Throws<ArgumentException>(() => misspelt.Compute(output, Step));
        Assert.Contains("'comitment'", error.Message);
        Assert.Contains("log_likelihood, codebook, commitment", error.Message);
        Assert.DoesNotContain('\n', error.Message);

        var klByTermWeight = new Objective { TermWeights = new Dictionary<Term, double> { [Term.Kl] = 2 } };
        Assert.Contains("KlWeight", Assert.Throws<ArgumentException>(() => klByTermWeight.Compute(output, Step)).Message);
        Assert.Contains("lower-case", Assert.Throws<ArgumentException>(() => new Term("Commitment")).Message);
    }

    [Fact]
    public void The_applied_weights_are_typed_and_name_each_term_with_its_weight()
    {
        using var output = VqLikeOutput();
        var result = new Objective { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } }.Compute(output, Step);
        // loss = 3 (−log-likelihood) + 1·2 (codebook) + 0.25·2 (commitment)
        Assert.Equal(5.5, result.Loss.item<float>(), 5);
        Assert.Null(result.Weights.KlWeight);                      // no KL term: no KL weight applied
        Assert.Equal(0.25, result.Weights.TermWeights[Term.Commitment]);
        Assert.Equal(1.0, result.Weights.TermWeights[Term.Codebook]);
        Assert.Equal(["codebook_weight", "commitment_weight"], result.Weights.Columns().Keys.Order());
    }

    [Fact]
    public void Per_replica_weights_are_averaged_replica_by_replica()
    {
        static AppliedWeights Step(double beta0, double beta1) => new()
        {
            KlWeight = (beta0 + beta1) / 2,
            Replicas = [new AppliedWeights { KlWeight = beta0 }, new AppliedWeights { KlWeight = beta1, FreeBitsNats = 0.5 }],
        };
        var mean = AppliedWeights.Mean([Step(0.0, 1.0), Step(0.5, 1.0)]);
        Assert.Equal(0.625, mean.KlWeight);
        Assert.Equal(2, mean.Replicas!.Count);
        Assert.Equal(0.25, mean.Replicas[0].KlWeight);
        Assert.Null(mean.Replicas[0].FreeBitsNats);
        Assert.Equal(1.0, mean.Replicas[1].KlWeight);
        Assert.Equal(0.5, mean.Replicas[1].FreeBitsNats);
        Assert.Null(AppliedWeights.Mean([Step(0, 1), new AppliedWeights { KlWeight = 1 }]).Replicas);
    }

    [Fact]
    public void Extra_terms_are_recorded_per_step_and_per_epoch()
    {
        manual_seed(3);
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2));
        var halfOfTheKl = new Term("half_of_the_kl");
        var objective = new Objective { ExtraTerms = [(halfOfTheKl, (output, _) => 0.5 * output.Kl.mean())] };
        var run = new Trainer(model, objective, new TrainingConfig(Seed: 3, Epochs: 2, BatchSize: 16)) { Progress = TrainingProgress.None, RecordSteps = true }
            .Fit(TrainerTests.ToyImages(48, 1));
        Assert.All(run.Steps, s => Assert.Equal(0.5 * s.Terms[Term.Kl], s.ExtraTerms[halfOfTheKl], 4));
        var firstEpoch = run.Steps.Where(s => s.Epoch == 1).Average(s => s.ExtraTerms[halfOfTheKl]);
        Assert.Equal(firstEpoch, run.History[0].ExtraTerms[halfOfTheKl], 6);
        using var folder = new TemporaryFolder();
        var csv = Path.Combine(folder.Path, "metrics.csv");
        MetricsFile.WriteCsv(csv, run.History);
        Assert.Contains("kl_weight,half_of_the_kl", File.ReadAllLines(csv)[0]);
    }

    [Fact]
    public void The_summary_of_a_model_without_a_kl_never_says_elbo()
    {
        var plain = new ElboSummary(new Dictionary<Term, double> { [Term.LogLikelihood] = -12.5 }, 10);
        Assert.Equal("log-likelihood -12.50 nats", plain.ToString());
        var vq = new ElboSummary(new Dictionary<Term, double> { [Term.LogLikelihood] = -80, [Term.Kl] = 49 * Math.Log(256), [Term.Codebook] = 0.5 },
            10, VaeLab.Distributions.KlMethod.Constant);
        Assert.StartsWith("ELBO -351.71 nats (log-likelihood -80.00, KL 271.71, a constant)", vq.ToString());
        var loss = new ElboSummary(new Dictionary<Term, double> { [new Term("denoising")] = 0.125 }, 10);
        Assert.Equal("denoising 0.1250", loss.ToString());
    }
}
