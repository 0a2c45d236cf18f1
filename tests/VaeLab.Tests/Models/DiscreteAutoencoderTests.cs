using TorchSharp;
using VaeLab.Training.Catalogue;
using VaeLab.Common;
using VaeLab.Evaluation;
using VaeLab.Inference.Gradients;
using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Models.Priors;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>VQ-VAE and the FSQ autoencoder: terms, codes, the fixes wired through the trainer, and their errors.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class DiscreteAutoencoderTests
{
    private static Tensor Images(int count, int seed) => rand([count, 1, 28, 28], generator: new Generator((ulong)seed));

    /// <summary>A VQ-VAE whose conv weights come from <paramref name="seed"/>, whatever ran before.</summary>
    private static VqVae Seeded(VqVaeOptions options, int seed)
    {
        using var random = TorchRandom.Seeded(seed);
        return new VqVae(options);
    }

    private static TrainingConfig OneStep(int count) => new(Seed: 1, Epochs: 1, BatchSize: count, LearningRate: 1e-3, Threads: 1);

    private static readonly Objective VqObjective = new() { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } };

    [Fact]
    public void Vq_vae_reports_its_three_terms_and_a_7_by_7_code_grid_that_decodes_back()
    {
        using var model = new VqVae(new VqVaeOptions(CodebookSize: 32, CodeDimension: 8));
        model.eval();
        var x = Images(3, 1);
        using var output = model.call(x);
        Assert.Equal([Term.LogLikelihood, Term.Kl, Term.Codebook, Term.Commitment], output.Terms.Keys.ToArray());
        foreach (var term in output.Terms.Values) Assert.Equal(new long[] { 3 }, term.shape);
        // q(z|x) is a point mass on one code per position; against the uniform prior the KL is the constant 49 · log K.
        var latent = output.RequireLatent("test");
        var codes = Assert.IsType<CodeAssignment>(latent.Posterior).Indices;
        Assert.Equal(new long[] { 3, 7, 7 }, codes.shape);
        Assert.Equal(KlMethod.Constant, latent.Kl.Method);
        Assert.True(output.Kl.allclose(full(3, 49 * Math.Log(32))));
        Assert.True(codes.equal(DiscreteCodes.Encode(model, x)).all().item<bool>());
        var decoded = DiscreteCodes.Decode(model, codes);
        Assert.True(decoded.allclose(((PixelLikelihood)latent.Likelihood).mean, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(new long[] { 3, 1, 28, 28 }, DiscreteCodes.Decode(model, codes.reshape(3, 49)).shape);
        Assert.Single(output.StateUpdates);
    }

    [Fact]
    public void Notebook_07s_configuration_is_a_7_by_7_grid_from_256_codes_worth_392_bits_a_sixteenth_of_8_bit_pixels()
    {
        var options = VqVaeOptions.Notebook07;
        Assert.Equal((7, 7), options.CodeGrid);
        Assert.Equal(49, options.CodePositions);
        Assert.Equal(256, options.CodebookSize);
        Assert.Equal(16, options.CodeDimension);
        Assert.Equal(392, options.BitsPerImage, 9);
        Assert.Equal(16.0, options.Image.Size * 8 / options.BitsPerImage, 9);
        using var model = new VqVae(options);
        using var codes = DiscreteCodes.Encode(model, Images(2, 3));
        Assert.Equal(new long[] { 2, options.CodeGrid.Height, options.CodeGrid.Width }, codes.shape);
    }

    [Fact]
    public void Fsq_autoencoder_reports_only_the_likelihood_and_codes_in_range_that_decode_back()
    {
        using var model = new FsqAutoencoder(new FsqAutoencoderOptions([8, 5, 5, 5]));
        Assert.Equal(1000, model.CodebookSize);
        model.eval();
        var x = Images(4, 2);
        using var output = model.call(x);
        Assert.Equal([Term.LogLikelihood, Term.Kl], output.Terms.Keys.ToArray());
        Assert.True(output.Kl.allclose(full(4, 49 * Math.Log(1000))));
        Assert.Empty(output.StateUpdates);
        var latent = output.RequireLatent("test");
        var codes = Assert.IsType<CodeAssignment>(latent.Posterior).Indices;
        Assert.Equal(new long[] { 4, 7, 7 }, codes.shape);
        Assert.True(codes.min().item<long>() >= 0 && codes.max().item<long>() < 1000);
        Assert.True(DiscreteCodes.Decode(model, codes).allclose(((PixelLikelihood)latent.Likelihood).mean, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Bad_codebook_levels_and_decay_give_one_line_errors()
    {
        void OneLine(Action build, string expected)
        {
            var error = Assert.ThrowsAny<ArgumentException>(build);
            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        OneLine(() => new VqVae(new VqVaeOptions(CodebookSize: 1)), "at least 2");
        OneLine(() => new VqVae(new VqVaeOptions(UseEma: true, EmaDecay: 1.0)), "strictly between 0 and 1");
        OneLine(() => new VqVae(new VqVaeOptions(EmaDecay: 0)), "strictly between 0 and 1");
        OneLine(() => new VqVae(new VqVaeOptions(RestartEvery: 0)), "RestartEvery");
        OneLine(() => new FsqAutoencoder(new FsqAutoencoderOptions([8, 1, 5])), "at least 2");
        var mnist = new ImageData(ImageShape.Mnist);
        OneLine(() => ModelCatalogue.Fsq.Options(mnist, [new("levels", "8,x")]), "integers of at least 2 separated by commas");
        OneLine(() => ModelCatalogue.Vq.Options(mnist, [new("codebook-size", "1")]), "at least 2");
        OneLine(() => ModelCatalogue.Mlp.Options(mnist, [new("levels", "8,6,5")]), "--levels does not apply to mlp");
    }

    [Fact]
    public void The_catalogue_builds_vq_and_fsq_from_their_settings_with_their_default_objectives()
    {
        var mnist = new ImageData(ImageShape.Mnist);
        TModel Build<TOptions, TModel>(ModelEntry<TOptions, TModel> entry, params (string Name, string Value)[] settings)
            where TOptions : class where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel =>
            Assert.IsType<TModel>(entry.Build(entry.Options(mnist, settings.Select(s => new KeyValuePair<string, string>(s.Name, s.Value))), mnist).Module);
        var vq = Build(ModelCatalogue.Vq, ("codebook-size", "64"), ("latent", "8"));
        Assert.Equal(64, vq.CodebookSize);
        Assert.Equal(8, vq.Options.CodeDimension);
        Assert.True(vq.Options.UseEma && vq.Options.KMeansInit && vq.Options.RestartDeadCodes);
        var plain = Build(ModelCatalogue.Vq, ("plain-vq", "true"));
        Assert.False(plain.Options.UseEma || plain.Options.KMeansInit || plain.Options.RestartDeadCodes);
        Assert.Contains("plain", ModelCatalogue.Vq.Describe(plain.Options));
        var rotating = Build(ModelCatalogue.Vq, ("rotation-trick", "true"));
        Assert.True(rotating.Quantizer.Options.UseRotationTrick);
        Assert.Contains("rotation trick", ModelCatalogue.Vq.Describe(rotating.Options));
        Assert.False(vq.Quantizer.Options.UseRotationTrick);
        var fsq = Build(ModelCatalogue.Fsq, ("levels", "8,5,5,5"));
        Assert.Equal(1000, fsq.CodebookSize);
        // The entry owns the commitment weight β = 0.25 (van den Oord et al. 2017); FSQ has no such term.
        Assert.Equal(0.25, ModelCatalogue.Vq.DefaultObjective(vq.Options).TermWeights[Term.Commitment]);
        Assert.Empty(ModelCatalogue.Fsq.DefaultObjective(fsq.Options).TermWeights);
    }

    [Fact]
    public void Kmeans_initialisation_runs_once_as_a_state_update_and_spreads_the_codes_over_the_data()
    {
        var x = Images(64, 3);
        using var plain = Seeded(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, Seed: 5), 11);
        using var kmeans = Seeded(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, KMeansInit: true, Seed: 5), 11);
        Tensor encoded;
        using (no_grad()) encoded = kmeans.Encode(x);
        new Trainer(plain, VqObjective, OneStep(64)) { Progress = TrainingProgress.None }.Fit(x);
        new Trainer(kmeans, VqObjective, OneStep(64)) { Progress = TrainingProgress.None }.Fit(x);
        // Known answer: the codebook is k-means (seed + 1) of the encoder outputs the one training step saw.
        using var reference = new VqVae(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, KMeansInit: true, Seed: 5)).Quantizer;
        reference.InitialiseFromData(encoded, 5 + 1);
        Assert.True(kmeans.Quantizer.Codebook.allclose(reference.Codebook), "the codebook is not the k-means centres of the first batch");
        Assert.False(plain.KMeansDone);
        Assert.True(kmeans.KMeansDone);
        var plainUsage = DiscreteCodes.Usage(plain, x);
        var kmeansUsage = DiscreteCodes.Usage(kmeans, x);
        // Codes started near the origin pick a few winners; k-means centres of the encoder outputs are all chosen.
        Assert.True(kmeansUsage.UsedCodes >= 8, $"k-means: {kmeansUsage}");
        Assert.True(kmeansUsage.UsedCodes > plainUsage.UsedCodes, $"k-means {kmeansUsage} vs plain {plainUsage}");
    }

    [Fact]
    public void Dead_code_restart_through_the_trainer_revives_codes_no_vector_chose()
    {
        var x = Images(64, 4);
        using var plain = Seeded(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, Seed: 6), 12);
        using var restart = Seeded(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, RestartDeadCodes: true, Seed: 6), 12);
        var before = DiscreteCodes.Usage(restart, x);
        new Trainer(plain, VqObjective, OneStep(64)) { Progress = TrainingProgress.None }.Fit(x);
        new Trainer(restart, VqObjective, OneStep(64)) { Progress = TrainingProgress.None }.Fit(x);
        Assert.Equal(0, plain.RestartedCodes);
        Assert.True(restart.RestartedCodes >= 16 - before.UsedCodes, $"restarted {restart.RestartedCodes}, used before {before.UsedCodes}");
        var after = DiscreteCodes.Usage(restart, x);
        Assert.True(after.UsedCodes > DiscreteCodes.Usage(plain, x).UsedCodes, $"restart {after} vs plain {DiscreteCodes.Usage(plain, x)}");
    }

    [Fact]
    public void Evaluation_never_moves_an_ema_codebook()
    {
        using var model = new VqVae(new VqVaeOptions(CodebookSize: 16, CodeDimension: 4, UseEma: true, RestartDeadCodes: true));
        var codebook = model.Quantizer.Codebook.clone();
        var counts = model.Quantizer.UsageCount.clone();
        Evaluator.Evaluate(model, Images(20, 5));
        DiscreteCodes.Usage(model, Images(20, 5));
        Assert.True(model.Quantizer.Codebook.equal(codebook).all().item<bool>());
        Assert.True(model.Quantizer.UsageCount.equal(counts).all().item<bool>());
    }

    [Fact]
    public void Code_usage_curve_counts_each_window_of_training_batches()
    {
        var curve = new CodeUsageCurve(codebookSize: 4, windowSteps: 2);
        StepOutputs Report(long step, long[] codes)
        {
            var indices = tensor(codes).reshape(1, -1);
            var posterior = new CodeAssignment(indices, zeros(1, 2, codes.Length), 4);
            var prior = new CodebookPrior(4, [codes.Length], c => zeros(c.shape[0], 2, codes.Length));
            var latent = new LatentOutput(posterior, prior, posterior.Value, new StandardNormal(1), Kl.Divergence(posterior, prior));
            var output = new ModelOutput(new Dictionary<Term, Tensor> { [Term.LogLikelihood] = zeros(1) }, latent);
            return new StepOutputs(new TrainingStep(1, (int)step, step, 4, 1), 0, output, new ObjectiveResult(zeros(1), AppliedWeights.None));
        }
        curve.Record(Report(0, [0, 0, 1]));
        Assert.Empty(curve.Points);
        curve.Record(Report(1, [1, 2, 2]));
        curve.Record(Report(2, [3, 3, 3]));
        var point = Assert.Single(curve.Points);
        Assert.Equal(2, point.Step);
        Assert.Equal(0.75, point.Usage, 12);
        Assert.Equal(3.0, point.Perplexity, 9); // counts 2, 2, 2, 0: three equally used codes
    }

    [Fact]
    public void The_code_prior_is_a_model_the_trainer_fits_below_the_uniform_cost()
    {
        // Grids of 6 codes out of 4 where c_t = (c_1 + t) mod 4: only the first code is uncertain (log 4 nats per grid).
        var first = randint(4, [512, 1], generator: new Generator(7), dtype: ScalarType.Int64);
        var grids = (first + arange(6, dtype: ScalarType.Int64)).remainder(4);
        using var prior = new CodePrior(new CausalTransformerPriorOptions(CodebookSize: 4, Positions: 6, ModelSize: 32, Heads: 2, Layers: 1, MlpSize: 64, Seed: 1));
        var uniform = 6 * Math.Log(4);
        var before = Evaluator.Evaluate(prior, grids).LogLikelihood;
        var run = new Trainer(prior, Objective.Elbo(), new TrainingConfig(Seed: 1, Epochs: 15, BatchSize: 64, LearningRate: 3e-3, Threads: 1))
            { Progress = TrainingProgress.None }.Fit(grids, grids);
        Assert.InRange(-before, 0.8 * uniform, 1.2 * uniform);
        Assert.True(-run.Last.Test!.LogLikelihood < 0.4 * uniform, $"NLL {-run.Last.Test!.LogLikelihood:F2} nats per grid vs uniform {uniform:F2}");
        var samples = prior.Sample(8, new Generator(3));
        Assert.Equal(new long[] { 8, 6 }, samples.shape);
    }

    [Fact]
    public void Quantizer_gradients_show_straight_through_and_which_term_moves_what()
    {
        var report = QuantizerGradients.Measure(seed: 3);
        Assert.Equal(0.0, report.StraightThroughDeviation);
        Assert.True(report.Changed > 0);
        var (decoder, codebook, commitment) = (report.Rows[0], report.Rows[1], report.Rows[2]);
        Assert.True(decoder.EncoderGradientNorm > 0 && decoder.CodebookGradientNorm == 0);
        Assert.True(codebook.EncoderGradientNorm == 0 && codebook.CodebookGradientNorm > 0);
        Assert.True(commitment.EncoderGradientNorm > 0 && commitment.CodebookGradientNorm == 0);
    }
}
