using TorchSharp;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Experiments;
using VaeLab.Inference.Gradients;
using VaeLab.Models;
using VaeLab.Models.Priors;
using VaeLab.Numerics;
using VaeLab.Objectives;
using VaeLab.Plotting;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

/// <summary>Notebook 07's measurements: code geometry during training, the one-code bound, seeded runs, verdicts, charts.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class CodeMeasuresTests
{
    private static Tensor Images(int count, int seed) => rand([count, 1, 28, 28], generator: new Generator((ulong)seed));

    private static readonly Objective VqObjective = new() { TermWeights = new Dictionary<Term, double> { [Term.Commitment] = 0.25 } };

    private static VqVaeOptions Small => new(CodebookSize: 16, CodeDimension: 4, Channels1: 8, Channels2: 8);

    [Fact]
    public void Geometry_curve_reads_distance_from_the_commitment_term_and_counts_each_code_once()
    {
        using var model = new VqVae(Small with { Seed = 3 });
        var curve = new CodeGeometryCurve(model.Quantizer, windowSteps: 2);
        var x = Images(8, 1);
        StepOutputs Report(long step)
        {
            var output = model.call(x);
            return new StepOutputs(new TrainingStep(1, (int)step, step, 4, 1), 0, output, new ObjectiveResult(zeros(1), AppliedWeights.None));
        }
        var first = Report(0);
        curve.Record(first);
        Assert.Empty(curve.Points);
        curve.Record(Report(1));
        var point = Assert.Single(curve.Points);
        Assert.Equal(2, point.Step);
        // √(D · commitment): the root-mean-square distance from z_e to its chosen code, computed directly.
        using (no_grad())
        {
            var z = model.Encode(x).movedim([1], [-1]).reshape(-1, 4);
            var codes = model.Quantizer.Codebook.index_select(0, ((CodeAssignment)first.Output.Latent!.Posterior).Indices.reshape(-1));
            var rms = (z - codes).square().sum(1).mean().sqrt().item<float>();
            Assert.Equal(rms, point.OutputToCodeDistance, 3);
            Assert.Equal(codes.norm(1).mean().item<float>(), point.ChosenCodeNorm, 4);
        }
        // The same codes chosen twice count once as new.
        Assert.Equal(DiscreteCodes.Usage(model, x).UsedCodes, point.NewCodes);
        Assert.Single(CodeGeometryCurve.Mean([curve, curve]));
    }

    [Fact]
    public void One_code_bound_adds_reconstruction_and_the_priors_code_cost()
    {
        var train = Images(64, 2);
        var test = Images(10, 3);
        using var model = new VqVae(Small with { Seed = 4 });
        var options = new CausalTransformerPriorOptions(CodebookSize: 16, Positions: 49, ModelSize: 16, Heads: 2, Layers: 1, MlpSize: 32, Seed: 5);
        var fit = CodePriorFit.Train(model, train, options, new TrainingConfig(Seed: 5, Epochs: 1, BatchSize: 32, LearningRate: 1e-3, Threads: 1), "tiny prior");
        Assert.Equal(new long[] { 64, 7, 7 }, fit.TrainCodes.shape);
        var bound = DiscreteCodeBound.Evaluate(model, fit.Prior, fit.TrainCodes, test, seed: 6);
        Assert.Equal(Evaluator.Evaluate(model, test, seed: 6).ReconstructionLoss, bound.ReconstructionLoss, 6);
        var codes = DiscreteCodes.Encode(model, test).reshape(10, -1);
        Assert.Equal(-Evaluator.Evaluate(fit.Prior, codes).LogLikelihood, bound.LearnedCodeCost, 6);
        Assert.Equal(49 * Math.Log(16), bound.UniformCodeCost, 9);
        // Frequency prior by hand: add-one smoothed training frequencies, positions independent.
        var counts = new double[16];
        foreach (var c in fit.TrainCodes.reshape(-1).data<long>()) counts[c]++;
        var total = counts.Sum() + 16;
        var expected = -codes.reshape(-1).data<long>().Sum(c => Math.Log((counts[c] + 1) / total)) / 10;
        Assert.Equal(expected, bound.FrequencyCodeCost, 6);
        Assert.Equal(bound.ReconstructionLoss + bound.LearnedCodeCost, bound.Learned, 9);
        var wrongPrior = new CodePrior(options with { CodebookSize = 8 });
        Assert.Throws<ArgumentException>(() => DiscreteCodeBound.Evaluate(model, wrongPrior, fit.TrainCodes, test));
    }

    [Fact]
    public void Seeded_runs_draw_their_weights_and_data_order_from_each_seed()
    {
        var train = Images(32, 7);
        var config = new TrainingConfig(Seed: 1, Epochs: 1, BatchSize: 16, LearningRate: 1e-3, Threads: 1);
        var runs = SeededTraining.Train([3, 4], seed => new ConvVae(new ConvVaeOptions(LatentSize: 2, Channels1: 4, Channels2: 4)), Objective.Elbo(), config, train, "tiny VAE");
        Assert.Equal(new[] { 3, 4 }, runs.Select(r => r.Seed));
        ConvVae again;
        using (TorchRandom.Seeded(4)) again = new ConvVae(new ConvVaeOptions(LatentSize: 2, Channels1: 4, Channels2: 4));
        new Trainer(again, Objective.Elbo(), config with { Seed = 4 }).Fit(train);
        Assert.Equal(Evaluator.Evaluate(again, train, seed: 1).Elbo, Evaluator.Evaluate(runs[1].Model, train, seed: 1).Elbo, 9);
        var fsq = DiscreteCodeRun.TrainSeeds([3, 4], seed => new FsqAutoencoder(new FsqAutoencoderOptions([3, 3], Channels1: 4, Channels2: 4)), Objective.Elbo(),
            config, train, Images(8, 8), 1, "tiny FSQ");
        Assert.Equal(2, fsq.Count);
        Assert.Equal(2, fsq[0].Curve.Points.Count);
    }

    [Fact]
    public void Verdicts_need_every_seed_on_the_same_side()
    {
        Assert.Equal(SeedVerdict.Higher, SeedSpread.Of([3.0, 2.5, 4.0]).Verdict(2));
        Assert.Equal(SeedVerdict.Lower, SeedSpread.Of([-3.0, -2.5, -4.0]).Verdict(2));
        Assert.Equal(SeedVerdict.Same, SeedSpread.Of([1.0, -0.5, 0.0]).Verdict(2));
        Assert.Equal(SeedVerdict.NotSettled, SeedSpread.Of([3.0, 1.0, 4.0]).Verdict(2));
        Assert.Equal(SeedVerdict.NotSettled, SeedSpread.Of([3.0, -3.0, 4.0]).Verdict(2));
        Assert.Equal(SeedVerdict.NotSettled, SeedSpread.Of([3.0, 2.5]).Verdict(2));                  // two seeds never settle
        Assert.Equal(SeedVerdict.NotSettled, SeedSpread.Of([2.1, 2.1, 30.0]).Verdict(2));            // every seed above, mean < spread
        Assert.Equal(SeedVerdict.Higher, SeedSpread.Of([0.1, 0.2, 0.15]).Verdict(0));                // tolerance 0: sign and spread only
    }

    [Fact]
    public void Verdict_words_say_why_a_comparison_is_not_settled()
    {
        Assert.Equal("rose on every seed", SeedSpread.Of([3.0, 2.5, 4.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("stayed on every seed", SeedSpread.Of([1.0, -0.5, 0.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("not settled (the seeds disagree: rose on 2, fell on 1 of 3 seeds)", SeedSpread.Of([3.0, -2.5, 4.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("not settled (rose on 2 of 3 seeds, stayed on the rest)", SeedSpread.Of([2.0, 3.0, 3.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("not settled (fell on 1 of 3 seeds, stayed on the rest)", SeedSpread.Of([-3.0, 0.5, 1.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("not settled (rose on every seed, but by less than the seeds' spread)", SeedSpread.Of([2.1, 2.1, 30.0]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("not settled (fewer than 3 seeds)", SeedSpread.Of([3.0, 2.5]).Says(2, "rose", "fell", "stayed"));
        Assert.Equal("+3.0 ± 0.7 (+3.5, +2.5)", SeedSpread.Of([3.5, 2.5]).Format("+0.0;-0.0"));
        Assert.Equal("+0.0 ± 0.0 (+0.0, +0.0, +0.0)", SeedSpread.Of([-0.04, -0.02, 0.03]).Format("+0.0;-0.0"));   // no "-+0.0"
    }

    [Fact]
    public void Usage_curves_average_point_by_point_and_late_change_reads_the_last_quarter()
    {
        var a = new CodeUsageCurve(4, 1);
        var b = new CodeUsageCurve(4, 1);
        a.Add(tensor(new long[] { 0 }), 0, 1); a.Add(tensor(new long[] { 0, 1 }), 1, 1); a.Add(tensor(new long[] { 0, 1, 2 }), 2, 1);
        b.Add(tensor(new long[] { 0 }), 0, 1); b.Add(tensor(new long[] { 0 }), 1, 1); b.Add(tensor(new long[] { 0, 1, 2, 3 }), 2, 1);
        var mean = CodeUsageCurve.Mean([a, b]);
        Assert.Equal(new[] { 0.25, 0.375, 0.875 }, mean.Select(p => p.Usage));
        // Three points, last quarter: early = the point at floor(0.75 · 2) = 1, late = the last point (span 1).
        Assert.Equal((0.75 - 0.5) / 0.75, CodeUsageCurve.LateChange(a.Points, p => p.Usage, span: 1), 12);
        // span 2: early averages points 0 and 1 (0.25, 0.5), late points 1 and 2 (0.5, 0.75).
        Assert.Equal((0.625 - 0.375) / 0.625, CodeUsageCurve.LateChange(a.Points, p => p.Usage), 12);
        Assert.Equal(-0.5, CodeUsageCurve.LateChange([P(4), P(2)], p => p.Perplexity, span: 1), 12);   // falling: relative to the larger end
        Assert.Equal(0, CodeUsageCurve.LateChange([], p => p.Usage));
        Assert.Equal(0, CodeUsageCurve.LateChange([P(0), P(0)], p => p.Perplexity));
        static CodeUsagePoint P(double perplexity) => new(1, 1, 0.5, perplexity, 2);
    }

    [Fact]
    public void Rotation_trick_contrast_gives_two_different_gradients_where_straight_through_gives_one()
    {
        var contrast = QuantizerGradients.ContrastRotationTrick();
        Assert.Equal(contrast.DecoderGradient, contrast.StraightThroughFirst);
        Assert.Equal(contrast.DecoderGradient, contrast.StraightThroughSecond);
        // λRᵀg: turned by the angle between z and e, scaled by ‖e‖/‖z‖.
        static double Length(double[] v) => Math.Sqrt(v.Sum(x => x * x));
        Assert.Equal(Length(contrast.Code) / Length(contrast.First), Length(contrast.RotationFirst), 4);
        Assert.Equal(Length(contrast.Code) / Length(contrast.Second), Length(contrast.RotationSecond), 4);
        var angleFirst = Math.Atan2(contrast.First[1], contrast.First[0]);
        var angleSecond = Math.Atan2(contrast.Second[1], contrast.Second[0]);
        Assert.Equal(Math.Abs(angleFirst - angleSecond) * 180 / Math.PI, contrast.RotationAngleDegrees, 2);
        Assert.Equal(3, contrast.Lines().Count);
    }

    [Fact]
    public void Code_charts_carry_their_titles_axes_and_the_bound_line()
    {
        var points = new List<CodeGeometryPoint> { new(10, 5, 0.1, 3), new(20, 50, 0.2, 0) };
        var distance = Plotly.NET.GenericChart.toChartHTML(CodeCharts.OutputToCodeDistance(new Dictionary<string, IReadOnlyList<CodeGeometryPoint>> { ["plain"] = points }, "distance title"));
        Assert.Contains("distance title", distance);
        Assert.Contains("\"type\":\"log\"", distance);
        Assert.Contains("training step", distance);
        var norms = Plotly.NET.GenericChart.toChartHTML(CodeCharts.ChosenCodeNorms(new Dictionary<string, IReadOnlyList<CodeGeometryPoint>> { ["plain"] = points }, 0.01, "bound name", "norm title"));
        Assert.Contains("bound name", norms);
        Assert.Contains("norm title", norms);
        var usage = CodeUsage.FromCounts([5, 3, 0, 0]);
        var ranks = Plotly.NET.GenericChart.toChartHTML(CodeCharts.UsageRanks(new Dictionary<string, IReadOnlyList<CodeUsage>> { ["v"] = [usage, usage] }, "ranks title"));
        Assert.Contains("ranks title", ranks);
        Assert.Contains("code rank", ranks);
    }
}
