using TorchSharp;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Evaluation.Ood;
using VaeLab.Experiments;
using VaeLab.Models;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class OodStandardSetTests
{
    [Fact]
    public void SixRowsOrientedHigherIsMoreAnomalous()
    {
        var ln2 = Math.Log(2);
        var logp = (In: tensor(new double[] { -2000, -2100 }) * ln2, Out: tensor(new double[] { -1000, -1050 }) * ln2);
        var background = (In: tensor(new double[] { -2050, -2120 }) * ln2, Out: tensor(new double[] { -900, -1000 }) * ln2);
        var png = (In: tensor(new double[] { 2100, 2200 }), Out: tensor(new double[] { 1000, 1100 }));
        var zlib = (In: tensor(new double[] { 2300, 2400 }), Out: tensor(new double[] { 1200, 1300 }));
        var set = OodScores.StandardSet(logp, background, png, zlib);
        Assert.Equal([OodScores.Names.Raw, OodScores.Names.PngAlone, OodScores.Names.ZlibAlone, OodScores.Names.SerraPng, OodScores.Names.SerraZlib, OodScores.Names.Ren], set.Keys);
        double[] Values(Tensor t) => t.data<double>().ToArray().Select(v => Math.Round(v, 6)).ToArray();
        Assert.Equal([2000.0, 2100.0], Values(set[OodScores.Names.Raw].In));
        Assert.Equal([-1000.0, -1100.0], Values(set[OodScores.Names.PngAlone].Out));   // shorter = more anomalous
        Assert.Equal([-100.0, -100.0], Values(set[OodScores.Names.SerraPng].In));
        Assert.Equal([-300.0, -300.0], Values(set[OodScores.Names.SerraZlib].In));
        Assert.Equal([-50.0, -20.0], Values(set[OodScores.Names.Ren].In));           // 2000 − 2050, 2100 − 2120
        // The compressor alone with its sign flipped separates these sets perfectly: the simpler ones are the OOD ones.
        Assert.Equal(1.0, DetectionMetrics.SummariseTensors(set[OodScores.Names.PngAlone].In, set[OodScores.Names.PngAlone].Out).RocAuc);
    }
}

public class OodSeedStudyTests
{
    private static ImageDataset Blobs(string name, float brightness, int seed)
    {
        using var generator = new Generator((ulong)seed);
        Tensor Images(int n) => (rand([n, 1, 28, 28], generator: generator) * brightness).clamp(0, 1);
        return new ImageDataset(name, "generated", Images(120), zeros(120, dtype: ScalarType.Int64), Images(60), zeros(60, dtype: ScalarType.Int64), ["blob"]);
    }

    [Fact]
    public void RunReportsEveryScoreInBothDirectionsAndRepeatsForTheSameSeed()
    {
        using var bright = Blobs("bright", 1.0f, 1);
        using var dark = Blobs("dark", 0.3f, 2);
        var model = new MlpVaeOptions(HiddenSize: 32, LatentSize: 2, Likelihood: DecoderLikelihood.DiscretizedLogistic);
        var config = new TrainingConfig(Epochs: 1, BatchSize: 60, LearningRate: 1e-3);
        var protocol = new OodProtocol(model, config, config, ScoreCount: 40, ImportanceSamples: 2, PerturbationRate: 0.2);
        var first = OodSeedStudy.Run(bright, dark, protocol, seed: 5);
        Assert.Equal(6, first.FashionToMnist.Scores.Count);
        Assert.Equal(6, first.MnistToFashion.Scores.Count);
        Assert.All(first.FashionToMnist.Scores.Values, s => Assert.InRange(s.RocAuc, 0, 1));
        // The compressor rows do not depend on the model: flipping the direction mirrors their AUROC.
        Assert.Equal(1 - first.FashionToMnist.Scores[OodScores.Names.PngAlone].RocAuc, first.MnistToFashion.Scores[OodScores.Names.PngAlone].RocAuc, 12);
        var again = OodSeedStudy.Run(bright, dark, protocol, seed: 5);
        Assert.Equal(first.FashionToMnist.Scores[OodScores.Names.Ren].RocAuc, again.FashionToMnist.Scores[OodScores.Names.Ren].RocAuc);
        Assert.Equal(first.MnistToFashion.Scores[OodScores.Names.Raw].RocAuc, again.MnistToFashion.Scores[OodScores.Names.Raw].RocAuc);
        // The per-image scores behind each AUROC are kept, so Compare can resample the test images.
        Assert.Equal(first.FashionToMnist.Scores[OodScores.Names.Raw].RocAuc, first.FashionToMnist.ImageScores[OodScores.Names.Raw].RocAuc, 12);
        Assert.Equal(40, first.FashionToMnist.ImageScores[OodScores.Names.Raw].In.Length);
        var compared = OodSeedStudy.Compare([first, again, first], s => s.FashionToMnist, OodScores.Names.Raw, OodScores.Names.PngAlone, replicates: 50);
        Assert.Equal(first.FashionToMnist.Scores[OodScores.Names.Raw].RocAuc - first.FashionToMnist.Scores[OodScores.Names.PngAlone].RocAuc, compared.Mean, 12);
        Assert.Equal(compared.Images, OodSeedStudy.Compare([first, again, first], s => s.FashionToMnist, OodScores.Names.Raw, OodScores.Names.PngAlone, replicates: 50).Images);
        Assert.Throws<ArgumentException>(() => OodSeedStudy.Compare([first], s => s.FashionToMnist, "no such score", OodScores.Names.Raw));
    }
}
