using TorchSharp;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Ood;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class OodScoresTests
{
    [Fact]
    public void ScoresAreBitsOrientedHigherIsMoreAnomalous()
    {
        var logp = tensor(new double[] { -Math.Log(2) * 100, -Math.Log(2) * 50 });      // 100 and 50 bits
        Assert.Equal([100.0, 50.0], OodScores.NegativeLogLikelihoodBits(logp).data<double>().ToArray().Select(v => Math.Round(v, 4)));
        Assert.Equal(ScalarType.Float64, OodScores.NegativeLogLikelihoodBits(logp).dtype);
        var length = tensor(new double[] { 30, 80 });
        Assert.Equal([70.0, -30.0], OodScores.ComplexityCorrected(logp, length).data<double>().ToArray().Select(v => Math.Round(v, 4)));
        var background = tensor(new double[] { -Math.Log(2) * 90, -Math.Log(2) * 70 });  // 90 and 70 bits
        // −LLR = −log₂ p(x) + log₂ p₀(x) = 100 − 90 and 50 − 70.
        Assert.Equal([10.0, -20.0], OodScores.LikelihoodRatio(logp, background).data<double>().ToArray().Select(v => Math.Round(v, 4)));
    }

    [Fact]
    public void ComplexityCorrectionReversesAComplexityDrivenRanking()
    {
        // In-distribution images are complex (long code) but the model codes them 100 bits better than the compressor;
        // OOD images are simple (short code), slightly cheaper for the model, but only as cheap as the compressor finds them.
        var inLogp = tensor(new double[] { -2000, -2100, -1900 }) * Math.Log(2);
        var outLogp = tensor(new double[] { -1000, -1100, -1050 }) * Math.Log(2);
        var inLength = tensor(new double[] { 2100, 2200, 2000 });
        var outLength = tensor(new double[] { 1000, 1100, 1050 });
        Assert.Equal(0.0, DetectionMetrics.SummariseTensors(OodScores.NegativeLogLikelihoodBits(inLogp), OodScores.NegativeLogLikelihoodBits(outLogp)).RocAuc);
        Assert.Equal(1.0, DetectionMetrics.SummariseTensors(OodScores.ComplexityCorrected(inLogp, inLength), OodScores.ComplexityCorrected(outLogp, outLength)).RocAuc);
    }

    [Fact]
    public void MismatchedLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => OodScores.ComplexityCorrected(zeros(3), zeros(2)));
        Assert.Throws<ArgumentException>(() => OodScores.LikelihoodRatio(zeros(3), zeros(3, 1)));
    }

    [Fact]
    public void LogLikelihoodMatchesTheBoundAndDoesNotDependOnBatchSize()
    {
        using var random = VaeLab.Common.TorchRandom.Seeded(5);
        var model = new MlpVae(new MlpVaeOptions(InputSize: 16, HiddenSize: 8, LatentSize: 3, Likelihood: DecoderLikelihood.DiscretizedLogistic));
        model.eval();
        var images = (randint(0, 256, [7, 16]) / 255.0).to_type(ScalarType.Float32);
        var whole = OodScores.LogLikelihood(model, images, k: 1, batchSize: 7, seed: 1);
        Assert.Equal(ScalarType.Float64, whole.dtype);
        Assert.Equal([7L], whole.shape);
        // k = 1 at z = μ + σε equals the ELBO estimate; with a large k the bound is at least the ELBO on average.
        var tight = OodScores.LogLikelihood(model, images, k: 200, batchSize: 3, seed: 1);
        var elboMean = OodScores.LogLikelihood(model, images, k: 1, batchSize: 3, seed: 2).mean().item<double>();
        Assert.True(tight.mean().item<double>() >= elboMean - 1e-6);
        // Deterministic in the seed.
        Assert.Equal(whole.data<double>().ToArray(), OodScores.LogLikelihood(model, images, k: 1, batchSize: 7, seed: 1).data<double>().ToArray());
    }

    [Fact]
    public void PerturbationReplacesAboutTheRequestedShareWithGreyLevels()
    {
        var images = zeros(200, 1, 28, 28);
        using var generator = new Generator(11);
        var perturbed = PixelPerturbation.ReplacePixels(images, 0.2, generator);
        var changed = (perturbed != 0).to_type(ScalarType.Float64).mean().item<double>();
        // Replaced pixels are uniform over 256 levels, so 1/256 of them land on 0 again: expected share 0.2 · 255/256.
        Assert.InRange(changed, 0.2 * 255 / 256 - 0.005, 0.2 * 255 / 256 + 0.005);
        var levels = (perturbed * 255).round();
        Assert.True(((perturbed * 255 - levels).abs().max().item<float>()) < 1e-4);     // on the k/255 grid
        Assert.Equal(0f, images.abs().sum().item<float>());                               // original untouched
        using var none = new Generator(1);
        Assert.True((PixelPerturbation.ReplacePixels(images, 0, none) == images).all().item<bool>());
        Assert.Throws<ArgumentException>(() => PixelPerturbation.ReplacePixels(images, 1.5, none));
    }

    [Fact]
    public void TableHasOneRowPerScore()
    {
        var table = DetectionTable.Format("t", [("raw", new DetectionSummary(0.25, 0.4, 0.99)), ("fixed", new DetectionSummary(0.95, 0.9, 0.1))]);
        var lines = table.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("0.250", lines[2]);
        Assert.Contains("0.950", lines[3]);
    }

    [Fact]
    public void PrincipalComponentsRecoverTheMainAxis()
    {
        // Points along (3, 4)/5 with a small orthogonal wobble: PC 1 carries the large spread.
        var t = linspace(-5, 5, 11, dtype: ScalarType.Float64);
        var wobble = tensor(new double[] { 0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1 });
        var points = stack([0.6 * t - 0.8 * wobble, 0.8 * t + 0.6 * wobble], 1) + 7;
        var projected = PrincipalComponents.Project(points, 2);
        var first = projected.select(1, 0).data<double>().ToArray();
        var expected = t.data<double>().ToArray();
        for (var i = 0; i < 11; i++) Assert.Equal(Math.Abs(expected[i]), Math.Abs(first[i]), 9);
        Assert.Equal(0.0, projected.select(1, 1).mean().item<double>(), 9);
        Assert.Throws<ArgumentException>(() => PrincipalComponents.Project(points, 3));
    }
}
