using VaeLab.Tests.Training;

namespace VaeLab.Tests.Cli;

/// <summary>`vaelab train` and `evaluate` for the catalogue's sequence and graph models, and the model settings it generates.</summary>
public class CatalogueCliTests
{
    [Fact]
    public void The_gru_sequence_vae_trains_on_generated_sequences_and_evaluates()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "gru");
        var (code, stdout, error) = CliTests.Run("train", "--model", "gru", "--epochs", "2", "--max-train", "200", "--max-test", "50",
            "--hidden", "16", "--embedding", "8", "--latent", "4", "--batch-size", "50", "--output", output);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("Data: topic-Markov sequences", stdout);
        Assert.Contains("GRU sequence VAE (vocabulary 20, embedding 8, hidden 16, latent 4)", stdout);
        Assert.Contains("Exact test −log p(x) from the true chains", stdout);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        Assert.Empty(Directory.GetFiles(output, "*.png"));                 // no image figures for token sequences

        var (evalCode, evalOut, evalError) = CliTests.Run("evaluate", output, "--k", "20", "--iwae-images", "20", "--max-test", "50");
        Assert.True(evalCode == 0, evalOut + evalError);
        Assert.Contains("Test ELBO", evalOut);
        Assert.Contains("k =    20", evalOut);
        Assert.Contains("Exact test −log p(x)", evalOut);
    }

    [Fact]
    public void The_graph_vae_trains_full_batch_on_a_generated_graph_and_reports_link_prediction()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "vgae");
        var (code, stdout, error) = CliTests.Run("train", "--model", "vgae", "--epochs", "30", "--output", output);
        Assert.True(code == 0, stdout + error);
        Assert.Contains("Data: stochastic block model — 200 nodes", stdout);
        Assert.Contains("VGAE (GCN hidden 32, latent 16", stdout);
        Assert.Contains("Link prediction on the", stdout);
        Assert.Equal(31, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);   // the entry's learning rate and full batch: 30 epochs, one step each

        var (evalCode, evalOut, evalError) = CliTests.Run("evaluate", output, "--k", "10");
        Assert.True(evalCode == 0, evalOut + evalError);
        Assert.Contains("Test ELBO", evalOut);
        Assert.Contains("ROC-AUC", evalOut);
        Assert.Contains("IWAE bound on log p(A) per node", evalOut);
    }

    [Theory]
    [InlineData(new[] { "--model", "gru", "--dataset", "mnist" }, "gru trains on sequences")]
    [InlineData(new[] { "--model", "mlp", "--levels", "8,6,5" }, "--levels does not apply to mlp")]
    [InlineData(new[] { "--model", "vgae", "--max-train", "10" }, "a graph is one example")]
    [InlineData(new[] { "--model", "mlp", "--optimizer", "rmsprop" }, "rmsprop")]
    public void Settings_and_data_that_do_not_fit_the_model_give_one_line_errors(string[] arguments, string expected)
    {
        var (code, _, error) = CliTests.Run(["train", .. arguments, "--output", "/nonexistent-never-written"]);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error.Trim().Split('\n')[0]);            // the reason is on the first line
    }
}
