using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public sealed class CollapseDiagnosticsTests
{
    /// <summary>An encoder that reads the label from the first column: μ = 3·onehot(label) on the first K dimensions, σ² = 0.01.</summary>
    private sealed class LabelEncoder(int labels, int latent) : ILatentVariableModel
    {
        public Distribution Posterior(Tensor x)
        {
            var label = x.select(1, 0);
            var mean = zeros(x.shape[0], latent);
            mean.narrow(1, 0, labels).copy_(3 * nn.functional.one_hot(label, labels).to_type(ScalarType.Float32));
            return DiagonalNormal.FromLogVariance(mean, full([x.shape[0], latent], Math.Log(0.01), dtype: ScalarType.Float32));
        }

        public Distribution Prior { get; } = new StandardNormal(latent);

        public Distribution Likelihood(Tensor z) => new AutoregressiveLikelihood(z, (zs, _) => zeros(zs.shape[..^1]));
    }

    [Fact]
    public void AnEncoderThatSeparatesTheLabelsIsReadPerfectly()
    {
        using var scope = NewDisposeScope();
        const int labels = 4, latent = 6, n = 400;
        var y = Enumerable.Range(0, n).Select(i => i % labels).ToArray();
        var x = tensor(y.Select(v => (long)v).ToArray(), [n, 1], dtype: ScalarType.Int64);
        var usage = CollapseDiagnostics.Measure(new LabelEncoder(labels, latent), x, y, x, y, seed: 1);
        Assert.Equal(1.0, usage.LabelAccuracy);
        Assert.Equal(labels, usage.ActiveUnits);
        // Per used dimension: E[μ²] = 9/4, so KL = ½ (9/4 + 0.01 − 1 − log 0.01); unused: ½ (0.01 − 1 − log 0.01).
        var unused = 0.5 * (0.01 - 1 - Math.Log(0.01));
        Assert.Equal(0.5 * 9.0 / labels + unused, usage.KlPerDimension[0], 4);
        Assert.Equal(unused, usage.KlPerDimension[latent - 1], 4);
        // Four equally likely, well separated groups: I(x; z) = log 4.
        Assert.Equal(Math.Log(labels), usage.MutualInformation, 2);
    }

    [Fact]
    public void LabelsMustMatchTheRows()
    {
        using var scope = NewDisposeScope();
        var x = zeros([5, 1], dtype: ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => CollapseDiagnostics.Measure(new LabelEncoder(2, 2), x, [0, 1], x, [0, 1, 0, 1, 0]));
    }
}
