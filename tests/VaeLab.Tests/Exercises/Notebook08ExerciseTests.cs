using TorchSharp;
using VaeLab.Exercises;
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
        Assert.False(Notebook08.CompressionRatio(0).Passed);
        Assert.False(Notebook08.CompressionRatio(16).Passed);           // 784 / 49: forgot the bits per value
        var solved = Notebook08.CompressionRatio(6272.0 / 441);
        Assert.True(solved.Passed, solved.ToString());
    }
}
