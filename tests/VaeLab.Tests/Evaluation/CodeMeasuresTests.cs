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

    // Eighteen windows as in notebook 07's full mode; usage in codes of K = 256. The last quarter compares the average of
    // windows 11-12 with that of windows 16-17 (0-based); the noise comes from the steps between windows 11 and 17.
    private const int K = 256;
    private static IReadOnlyList<CodeUsagePoint> Codes(params int[] used) =>
        [.. used.Select((u, i) => new CodeUsagePoint(10 * (i + 1), 1, u / (double)K, u, u))];

    private static SeedSpread Late(params IReadOnlyList<CodeUsagePoint>[] seeds) =>
        SeedSpread.Of(seeds.Select(p => CodeUsageCurve.JudgeLateChange(p, q => q.Usage, 0.10, 1.0 / K).InBands));

    [Fact]
    public void Late_change_of_a_few_codes_that_only_jitter_is_flat_though_it_exceeds_ten_percent_of_the_level()
    {
        // Plain VQ's shape: two or three codes per window. Half a code is 17-20 % of that level.
        var seeds = new[]
        {
            Codes(14, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3),   // 2.5 -> 3.0 codes
            Codes(9, 3, 2, 3, 2, 3, 2, 3, 3, 2, 2, 3, 3, 3, 3, 3, 2, 3),    // 3.0 -> 2.5
            Codes(7, 3, 3, 2, 3, 3, 3, 2, 3, 3, 2, 2, 3, 3, 3, 3, 3, 3),    // 2.5 -> 3.0
        };
        var relative = SeedSpread.Of(seeds.Select(p => CodeUsageCurve.LateChange(p, q => q.Usage)));
        Assert.Equal(SeedVerdict.NotSettled, relative.Verdict(0.10));          // 10 % of the level alone: "the seeds disagree"
        var judged = Late(seeds);
        Assert.Equal(SeedVerdict.Same, judged.Verdict(1));                     // within one code: no change
        Assert.Equal("flat on every seed", judged.Says(1, "still rising", "falling", "flat"));
        var reading = CodeUsageCurve.JudgeLateChange(seeds[0], q => q.Usage, 0.10, 1.0 / K);
        Assert.Equal(1.0 / K, reading.Band, 12);
        Assert.Equal(0.5 / K, reading.Change, 12);
        Assert.Equal(1 / 6.0, reading.Relative, 12);
    }

    [Fact]
    public void Late_change_floor_decides_a_small_smooth_rise_that_ten_percent_alone_calls_rising()
    {
        // Perplexity 2.00 for twelve windows, then a smooth climb to 2.30: +11.9 % of the level, little noise.
        var curve = new[] { 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.06, 2.12, 2.18, 2.24, 2.30 }
            .Select((v, i) => new CodeUsagePoint(10 * (i + 1), 1, 0.01, v, 3)).ToList();
        Assert.True(CodeUsageCurve.JudgeLateChange(curve, q => q.Perplexity, 0.10, 1e-9).InBands > 1);
        Assert.Equal(0.54, CodeUsageCurve.JudgeLateChange(curve, q => q.Perplexity, 0.10, 0.5).InBands, 9);
    }

    [Fact]
    public void Late_change_rising_steadily_beyond_its_jitter_is_still_rising_on_every_seed()
    {
        var seeds = new[]
        {
            Codes(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27),
            Codes(9, 11, 12, 12, 14, 15, 15, 17, 18, 18, 20, 22, 22, 23, 25, 26, 26, 28),
            Codes(12, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 21, 22, 24, 24, 25, 27, 28),
        };
        Assert.Equal(SeedVerdict.Higher, Late(seeds).Verdict(1));
        Assert.Equal("still rising on every seed", Late(seeds).Says(1, "still rising", "falling", "flat"));
        var falling = seeds.Select(p => (IReadOnlyList<CodeUsagePoint>)p.Reverse().Select((q, i) => q with { Step = 10 * (i + 1) }).ToList()).ToArray();
        Assert.Equal(SeedVerdict.Lower, Late(falling).Verdict(1));
    }

    [Fact]
    public void Late_change_is_judged_against_the_curves_own_noise_and_one_moving_seed_is_not_settled()
    {
        // 100 -> 116 codes (+13.8 % of the level) in both curves; one climbs smoothly, the other jumps by 20-44 codes
        // from window to window on the way, so the same change is within twice its noise.
        var smooth = Codes(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 104, 108, 112, 116, 116);
        var jittery = Codes(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 80, 124, 84, 116, 116);
        var smoothReading = CodeUsageCurve.JudgeLateChange(smooth, q => q.Usage, 0.10, 1.0 / K);
        var jitteryReading = CodeUsageCurve.JudgeLateChange(jittery, q => q.Usage, 0.10, 1.0 / K);
        Assert.Equal(16.0 / K, smoothReading.Change, 12);
        Assert.Equal(16.0 / K, jitteryReading.Change, 12);
        Assert.True(smoothReading.InBands > 1.2, $"smooth: {smoothReading}");
        Assert.True(Math.Abs(jitteryReading.InBands) < 0.5, $"jittery: {jitteryReading}");
        Assert.True(jitteryReading.Noise > 15.0 / K, $"jittery noise: {jitteryReading.Noise * K:F1} codes");
        // Two seeds flat, one rising beyond its band: not settled, and the words say why.
        var flat = Codes(50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50);
        var seeds = Late(flat, flat, smooth);
        Assert.Equal(SeedVerdict.NotSettled, seeds.Verdict(1));
        Assert.Equal("not settled (still rising on 1 of 3 seeds, flat on the rest)", seeds.Says(1, "still rising", "falling", "flat"));
        Assert.Equal(SeedVerdict.NotSettled, Late(smooth, smooth, jittery).Verdict(1));
    }

    [Fact]
    public void Weighting_control_distance_verdict_reads_log2_ratios_with_a_factor_of_two_as_no_change()
    {
        // Notebook 07's control judges the output-to-code distance by SeedSpread.Of(log₂(summed ÷ averaged)) with
        // tolerance 1: a factor of 2 either way counts as no change.
        static SeedSpread Log2(params double[] ratios) => SeedSpread.Of(ratios.Select(Math.Log2));
        Assert.Equal("smaller on every seed", Log2(1.39 / 750, 1.51 / 803, 1.11 / 887).Says(1, "larger", "smaller", "within a factor of 2"));
        Assert.Equal(SeedVerdict.Higher, Log2(2.5, 3.0, 4.0).Verdict(1));
        Assert.Equal(SeedVerdict.Same, Log2(0.6, 1.0, 1.9).Verdict(1));
        Assert.Equal(SeedVerdict.NotSettled, Log2(0.3, 0.9, 1.2).Verdict(1));     // one seed beyond a factor of 2, two within
        Assert.Equal(SeedVerdict.NotSettled, Log2(0.3, 3.0, 0.2).Verdict(1));     // the seeds disagree
    }

    [Fact]
    public void Late_change_reading_rejects_a_zero_floor_and_reads_a_short_curve_as_no_change()
    {
        Assert.Throws<ArgumentException>(() => CodeUsageCurve.JudgeLateChange(Codes(1, 2, 3), q => q.Usage, 0.10, 0));
        Assert.Throws<ArgumentException>(() => CodeUsageCurve.JudgeLateChange(Codes(1, 2, 3), q => q.Usage, -0.1, 1.0 / K));
        Assert.Equal(0, CodeUsageCurve.JudgeLateChange(Codes(5), q => q.Usage, 0.10, 1.0 / K).InBands);
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
