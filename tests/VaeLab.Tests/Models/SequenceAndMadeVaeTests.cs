using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Inference.Classic;
using VaeLab.Models;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

public sealed class SequenceAndMadeVaeTests
{
    private static Tensor Tokens(int n, int t, int v, ulong seed)
    {
        using var generator = new Generator(seed);
        return randint(0, v, [n, t], dtype: ScalarType.Int64, generator: generator);
    }

    [Fact]
    public void GruVaeReportsPerExampleTermsAndKlPerDimension()
    {
        using var scope = NewDisposeScope();
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3));
        using var output = model.call(Tokens(6, 7, 5, 1));
        Assert.Equal([6L], output.LogLikelihood.shape);
        Assert.Equal([6L, 3L], output.RequireLatent("test").Kl.PerVariable.shape);
        Assert.True(output.LogLikelihood.max().item<float>() < 0);
    }

    [Fact]
    public void GruDecoderWithZeroOutputWeightsIsUniform()
    {
        // Logits = 0 for every token: log p(x | z) = −T log V exactly, whatever z and the prefix.
        using var scope = NewDisposeScope();
        const int v = 5, t = 7;
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: v, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3));
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("decoderOutput", StringComparison.Ordinal)) p.zero_();
        var x = Tokens(4, t, v, 2);
        var z = randn(4, 3);
        var expected = -t * Math.Log(v);
        foreach (var value in model.LogLikelihood(z, x).data<float>().ToArray()) Assert.Equal(expected, value, 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GruDecoderIsCausalAndScoresSampleBatchesLikeSingleSamples(bool latentAtEveryStep)
    {
        using var scope = NewDisposeScope();
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 6, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3, LatentAtEveryStep: latentAtEveryStep));
        var x = Tokens(3, 8, 6, 3);
        var z = randn(3, 3);
        using var noGrad = no_grad();
        var logits = model.DecoderLogits(z, x);
        var changed = x.clone();
        changed[TensorIndex.Colon, 5] = (changed[TensorIndex.Colon, 5] + 1) % 6;
        var logitsChanged = model.DecoderLogits(z, changed);
        // Changing x_6 (index 5) may change the prediction of positions 7, 8 only.
        Assert.True(logits.narrow(1, 0, 6).allclose(logitsChanged.narrow(1, 0, 6)));
        Assert.False(logits.narrow(1, 6, 2).allclose(logitsChanged.narrow(1, 6, 2)));

        var zs = randn(4, 3, 3);
        var batched = model.LogLikelihood(zs, x);
        Assert.Equal([4L, 3L], batched.shape);
        for (var k = 0; k < 4; k++) Assert.True(batched[k].allclose(model.LogLikelihood(zs[k], x), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void GruVaeRefusesTokensOutsideTheVocabulary()
    {
        using var scope = NewDisposeScope();
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 4, HiddenSize: 8));
        var error = Assert.Throws<ArgumentException>(() => model.ValidateData(full([2, 3], 4L, dtype: ScalarType.Int64), "training data"));
        Assert.Contains("[0, 4)", error.Message);
    }

    [Fact]
    public void MadeMasksLetEachPixelSeeOnlyEarlierPixels()
    {
        using var scope = NewDisposeScope();
        var (input, output) = MadeVae.Masks(inputSize: 6, hiddenSize: 10);
        var paths = output.matmul(input); // [D, D]: number of hidden paths from pixel d' to pixel d
        for (var d = 0; d < 6; d++)
        for (var e = 0; e < 6; e++)
            Assert.Equal(e < d, paths[d, e].item<float>() > 0); // every earlier pixel is reachable (degrees cover 1 … D−1)
    }

    [Fact]
    public void MadeLogitsDependOnlyOnEarlierPixels()
    {
        using var scope = NewDisposeScope();
        var model = new MadeVae(new MadeVaeOptions(InputSize: 8, EncoderHiddenSize: 6, DecoderHiddenSize: 12, LatentSize: 2));
        using var generator = new Generator(4);
        var x = (rand([2, 8], generator: generator) > 0.5).to_type(ScalarType.Float32);
        var z = randn(2, 2);
        using var noGrad = no_grad();
        var logits = model.Logits(z, x);
        var flipped = x.clone();
        flipped[TensorIndex.Colon, 4] = 1 - flipped[TensorIndex.Colon, 4];
        var logitsFlipped = model.Logits(z, flipped);
        Assert.True(logits.narrow(1, 0, 5).allclose(logitsFlipped.narrow(1, 0, 5)));
        Assert.False(logits.narrow(1, 5, 3).allclose(logitsFlipped.narrow(1, 5, 3)));
        using var out1 = model.call(x);
        Assert.Equal([2L], out1.LogLikelihood.shape);
    }

    [Fact]
    public void A_made_without_z_ignores_its_code_and_its_likelihood_is_exact()
    {
        using var scope = NewDisposeScope();
        var options = new MadeVaeOptions(InputSize: 8, EncoderHiddenSize: 6, DecoderHiddenSize: 12, LatentSize: 2);
        var alone = new MadeVae(options with { DecoderSeesLatent = false });
        var withZ = new MadeVae(options);
        using var generator = new Generator(5);
        var x = (rand([3, 8], generator: generator) > 0.5).to_type(ScalarType.Float32);
        using var noGrad = no_grad();
        var (z1, z2) = (randn(3, 2, generator: generator), randn(3, 2, generator: generator));
        Assert.True(alone.LogLikelihood(z1, x).allclose(alone.LogLikelihood(z2, x)));    // the code changes nothing
        Assert.False(withZ.LogLikelihood(z1, x).allclose(withZ.LogLikelihood(z2, x)));
        // Its swap cost is 0: no code to swap.
        Assert.Equal(0.0, CollapseDiagnostics.ShuffledLatentCost(alone, x, seed: 1), 5);
    }

    [Fact]
    public void ImportanceWeightsOfAModelThatIgnoresZAreTheLikelihood()
    {
        // Encoder outputs 0 (q = p(z)) and a uniform decoder: every log-weight is −T log V, so L_k = −T log V for all k.
        using var scope = NewDisposeScope();
        const int v = 4, t = 5;
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: v, EmbeddingSize: 3, HiddenSize: 6, LatentSize: 2));
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("decoderOutput", StringComparison.Ordinal) || name.StartsWith("encoderMean", StringComparison.Ordinal)
                    || name.StartsWith("encoderLogVariance", StringComparison.Ordinal)) p.zero_();
        var curve = VaeEvaluation.ImportanceWeighted(model, Tokens(10, t, v, 5), [1, 5, 20], batchSize: 4, chunkSize: 7, seed: 1);
        foreach (var bound in curve.Bounds) Assert.Equal(-t * Math.Log(v), bound, 4);
        Assert.Equal(-t * Math.Log(v), curve.MeanLogWeight, 4);
        Assert.Equal(0.0, CollapseDiagnostics.ShuffledLatentCost(model, Tokens(10, t, v, 6), seed: 2), 4);
    }

    [Fact]
    public void ImportanceWeightedBoundRisesWithKAndIsSeeded()
    {
        using var scope = NewDisposeScope();
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3));
        var x = Tokens(12, 6, 5, 6);
        var a = VaeEvaluation.ImportanceWeighted(model, x, [1, 4, 16], batchSize: 5, chunkSize: 3, seed: 2);
        var b = VaeEvaluation.ImportanceWeighted(model, x, [1, 4, 16], batchSize: 5, chunkSize: 16, seed: 2);
        Assert.True(a.Bounds[0] <= a.Bounds[1] + 1e-6 && a.Bounds[1] <= a.Bounds[2] + 1e-6);
        for (var i = 0; i < 3; i++) Assert.Equal(a.Bounds[i], b.Bounds[i], 4);
    }

    [Fact]
    public void LinearVaeAtThePpcaOptimumHasTheClosedFormElbo()
    {
        // Set the trainable linear VAE to pPCA's optimum and compare its Monte-Carlo ELBO with the closed form.
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var scales = tensor(new[] { 2.0f, 1.2f, 0.5f, 0.3f });
        var data = randn([20_000, 4], generator: generator) * scales;
        var rows = Enumerable.Range(0, 20_000).Select(i => data[i].data<float>().ToArray().Select(v => (double)v).ToArray()).ToArray();
        const double noiseVariance = 0.5;
        var ppca = ProbabilisticPca.Fit(rows, latentDimension: 3, noiseVariance);
        Assert.Equal(2, ppca.ActiveCount); // variances 4, 1.44 > 0.5 > 0.25, 0.09
        var model = new LinearGaussianVae(4, 3, Math.Sqrt(noiseVariance));
        using (no_grad())
        {
            var p = model.named_parameters().ToDictionary(n => n.name, n => n.parameter);
            p["encoder.weight"].copy_(Matrix(ppca.EncoderWeights));
            p["encoder.bias"].copy_(tensor(ppca.EncoderBias.Select(v => (float)v).ToArray()));
            p["encoderLogVariance"].copy_(tensor(ppca.EncoderVariances.Select(v => (float)Math.Log(v)).ToArray()));
            p["decoder.weight"].copy_(Matrix(ppca.Weights));
            p["decoder.bias"].copy_(tensor(ppca.Mean.Select(v => (float)v).ToArray()));
        }
        var summary = Evaluator.Evaluate(model, data, batchSize: 5000, seed: 3);
        Assert.Equal(ppca.MeanElbo(), summary.Elbo, 1);
        Assert.Equal(ppca.KlPerDimension.Sum(), summary.Kl, 1);
    }

    [Fact]
    public void SwappingCodesCostsNothingForADecoderThatIgnoresZAndSomethingForOneThatUsesIt()
    {
        using var scope = NewDisposeScope();
        var model = new GruSequenceVae(new GruSequenceVaeOptions(VocabularySize: 5, EmbeddingSize: 4, HiddenSize: 8, LatentSize: 3));
        var x = Tokens(20, 6, 5, 8);
        Assert.NotEqual(0.0, CollapseDiagnostics.ShuffledLatentCost(model, x, seed: 1));
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("latentToHidden", StringComparison.Ordinal)) p.zero_();
        Assert.Equal(0.0, CollapseDiagnostics.ShuffledLatentCost(model, x, seed: 1), 5);
    }

    [Fact]
    public void PrincipalGaussianHasTheChosenCovarianceSpectrum()
    {
        using var scope = NewDisposeScope();
        var x = VaeLab.Data.PrincipalGaussian.Sample([4.0, 1.0, 0.25], 50_000, seed: 2).to_type(ScalarType.Float64);
        var centred = x - x.mean([0L], keepdim: true);
        var eigenvalues = linalg.eigvalsh(centred.t().matmul(centred) / x.shape[0]).data<double>().ToArray();
        Assert.Equal(0.25, eigenvalues[0], 1);
        Assert.Equal(1.0, eigenvalues[1], 1);
        Assert.Equal(4.0, eigenvalues[2], 1);
    }

    private static Tensor Matrix(double[,] m)
    {
        var (r, c) = (m.GetLength(0), m.GetLength(1));
        var flat = new float[r * c];
        for (var i = 0; i < r; i++) for (var j = 0; j < c; j++) flat[i * c + j] = (float)m[i, j];
        return tensor(flat, [r, c]);
    }
}
