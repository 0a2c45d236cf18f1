using TorchSharp;
using VaeLab.Data.Graphs;
using VaeLab.Evaluation.Graph;
using VaeLab.Exercises;
using VaeLab.Models.Graph;
using static TorchSharp.torch;

namespace VaeLab.Tests.Exercises;

/// <summary>Each check of notebook 08 run with the notebook's starting value (expects "not yet") and with the reference
/// solution of solutions/08-applications.md (expects "✓").</summary>
public class Notebook08ExerciseTests
{
    [Fact]
    public void DetectionScore()
    {
        var start = Notebook08.DetectionScore(logLikelihood => logLikelihood);
        Assert.False(start.Passed);
        Assert.StartsWith("not yet:", start.ToString());
        var solved = Notebook08.DetectionScore(logLikelihood => -logLikelihood / Math.Log(2));
        Assert.True(solved.Passed, solved.ToString());
        Assert.StartsWith("✓", solved.ToString());
        Assert.False(Notebook08.DetectionScore(_ => 0).Passed);
    }

    [Fact]
    public void ComplexityScore()
    {
        Assert.False(Notebook08.ComplexityScore((nllBits, lengthBits) => nllBits).Passed);
        Assert.False(Notebook08.ComplexityScore((nllBits, lengthBits) => lengthBits - nllBits).Passed);
        var solved = Notebook08.ComplexityScore((nllBits, lengthBits) => nllBits - lengthBits);
        Assert.True(solved.Passed, solved.ToString());
    }

    [Fact]
    public void EdgeProbability()
    {
        Assert.False(Notebook08.EdgeProbability((zi, zj) => 0.5).Passed);
        var solved = Notebook08.EdgeProbability((zi, zj) => torch.sigmoid((zi * zj).sum()).item<float>());
        Assert.True(solved.Passed, solved.ToString());
        Assert.False(Notebook08.EdgeProbability((zi, zj) => (zi * zj).sum().item<float>()).Passed);
    }

    [Fact]
    public void CompressionRatio()
    {
        var start = Notebook08.CompressionRatio((pixels, bitsPerPixel, codes, codebookSize) => 0);
        Assert.False(start.Passed);
        Assert.StartsWith("not yet:", start.ToString());
        // The usual wrong answers get a hint about their reasoning.
        Assert.Contains("compare bits", Notebook08.CompressionRatio((p, b, c, k) => p / (double)c).ToString());
        Assert.Contains("below 1", Notebook08.CompressionRatio((p, b, c, k) => c * Math.Log2(k) / (p * (double)b)).ToString());
        Assert.Contains("log₂ K", Notebook08.CompressionRatio((p, b, c, k) => p * (double)b / ((double)c * k)).ToString());
        Assert.False(Notebook08.CompressionRatio((p, b, c, k) => throw new InvalidOperationException("oops")).Passed);
        var solved = Notebook08.CompressionRatio((pixels, bitsPerPixel, codes, codebookSize) => pixels * (double)bitsPerPixel / (codes * Math.Log2(codebookSize)));
        Assert.True(solved.Passed, solved.ToString());
        // Notebook 07's grid, read from the options notebook 07 trains with: 7 × 7 codes from K = 256 → 6,272 / 392 = 16.
        Assert.Contains("16.00×", solved.ToString());
    }

    [Fact]
    public void PriorGraphDensityAgainstTheGraphTheNotebookDraws()
    {
        // What section 10's last cell computes (quick and full mode alike): the first degree-corrected graph of the
        // session seed, and a graph of as many nodes drawn from the VGAE's 16-dimensional prior with a generator at that seed.
        const int seed = 42;
        var data = StochasticBlockModel.Sample(StochasticBlockModelOptions.DegreeCorrected, seed);
        var dataDensity = GraphStatistics.Summarise(data.Adjacency, data.Communities).Density;
        using var generator = new Generator(seed);
        var drawn = InnerProductGraphSampler.Sample(InnerProductGraphSampler.PriorLatents(data.NodeCount, 16, generator), generator);
        var measured = GraphStatistics.Summarise(drawn, data.Communities).Density;

        var start = Notebook08.PriorGraphDensity(double.NaN, measured, dataDensity);
        Assert.False(start.Passed);
        Assert.StartsWith("not yet:", start.ToString());
        var solved = Notebook08.PriorGraphDensity(0.5, measured, dataDensity);
        Assert.True(solved.Passed, solved.ToString());
        // Guessing the training graph's density gets the hint about the prior, and no hint shows the measured value.
        var guessedData = Notebook08.PriorGraphDensity(dataDensity, measured, dataDensity);
        Assert.False(guessedData.Passed);
        Assert.Contains("training graph", guessedData.ToString());
        foreach (var check in new[] { start, guessedData, Notebook08.PriorGraphDensity(0.9, measured, dataDensity), Notebook08.PriorGraphDensity(0, measured, dataDensity) })
            Assert.DoesNotContain(measured.ToString("F3"), check.ToString());
        Assert.Contains("not a density", Notebook08.PriorGraphDensity(2, measured, dataDensity).ToString());
    }
}
