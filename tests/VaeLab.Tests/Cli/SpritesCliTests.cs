using VaeLab.Tests.Training;

namespace VaeLab.Tests.Cli;

/// <summary>`vaelab train --dataset sprites` and `vaelab evaluate` on a sprites checkpoint (notebook 05's command line).</summary>
public class SpritesCliTests
{
    [Theory]
    [InlineData("--sprite-positions", "0", "--sprite-positions must be at least 1")]
    [InlineData("--sprite-rotations", "-2", "--sprite-rotations must be at least 1")]
    [InlineData("--sprite-positions", "1000", "keep it at most 1,000,000")]
    [InlineData("--beta", "NaN", "--beta must be a finite number")]
    public void BadSpriteValuesGiveOneLineErrors(string option, string value, string expected)
    {
        var (code, _, error) = CliTests.Run("train", "--dataset", "sprites", option, value, "--output", "/nonexistent-never-written");
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void SpriteOptionsAreRefusedForOtherDataSets()
    {
        var (code, _, error) = CliTests.Run("train", "--dataset", "mnist", "--sprite-positions", "4");
        Assert.Equal(2, code);
        Assert.Contains("apply only to --dataset sprites", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void TrainOnSpritesWithTheConvModelThenEvaluatePrintsTheDisentanglementMetrics()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "run");
        var (code, stdout, error) = CliTests.Run("train", "--model", "conv", "--dataset", "sprites", "--beta", "4", "--sprite-positions", "4",
            "--sprite-rotations", "2", "--latent", "6", "--epochs", "1", "--batch-size", "64", "--threads", "1", "--output", output);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("Data: Sprites (3×4×2×4×4 grid of 32×32 images", stdout);
        Assert.Contains("β = 4", stdout);
        Assert.True(File.Exists(Path.Combine(output, "checkpoint.ckpt")));

        (code, stdout, error) = CliTests.Run("evaluate", output, "--k", "10", "--iwae-images", "20");
        Assert.True(code == 0, stdout + error);
        Assert.Contains("Disentanglement on the full grid (384 images", stdout);
        foreach (var metric in new[] { "MIG", "shape", "rotation", "SAP", "FactorVAE score", "DCI disentanglement" })
            Assert.Contains(metric, stdout);
    }
}
