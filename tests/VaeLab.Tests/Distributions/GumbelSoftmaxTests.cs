using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Inference.Gradients;
using VaeLab.Plotting;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

public class GumbelSoftmaxTests
{
    private static readonly double[] Logits = [1.0, 0.0, -0.5, 0.3];
    private static readonly double[] Rewards = [0.2, 1.0, -0.4, 0.6];

    [Fact]
    public void Gumbel_max_draws_the_softmax_probabilities()
    {
        const int n = 40000;
        using var logits = tensor(Logits).unsqueeze(0).repeat(n, 1);
        var counts = GumbelSoftmax.OneHotArgmax(logits + GumbelSoftmax.GumbelNoise(logits, new Generator(4))).sum(dim: 0).data<double>().ToArray();
        var p = tensor(Logits).softmax(0).data<double>().ToArray();
        for (var k = 0; k < p.Length; k++)
        {
            var se = Math.Sqrt(p[k] * (1 - p[k]) / n);
            Assert.True(Math.Abs(counts[k] / n - p[k]) < 5 * se, $"class {k}: {counts[k] / n} vs {p[k]}");
        }
    }

    [Fact]
    public void Relaxed_samples_lie_on_the_simplex_and_hard_samples_are_one_hot_with_the_soft_gradient()
    {
        using var logits = tensor(Logits).unsqueeze(0).repeat(5, 1).requires_grad_();
        var soft = GumbelSoftmax.Sample(logits, 0.5, generator: new Generator(1));
        Assert.True(soft.sum(dim: -1).allclose(ones(5, dtype: ScalarType.Float64)));
        Assert.True((soft > 0).all().item<bool>());
        var hard = GumbelSoftmax.Sample(logits, 0.5, hard: true, generator: new Generator(1));
        Assert.True(hard.sum(dim: -1).allclose(ones(5, dtype: ScalarType.Float64)));
        Assert.Equal(5, (hard == 1).sum().item<long>());
        using var weights = tensor(Rewards);
        (hard * weights).sum().backward();
        var hardGrad = logits.grad!.clone();
        logits.grad!.zero_();
        (GumbelSoftmax.Sample(logits, 0.5, generator: new Generator(1)) * weights).sum().backward();
        Assert.True(hardGrad.allclose(logits.grad!));
        Assert.Throws<ArgumentOutOfRangeException>(() => GumbelSoftmax.Sample(logits, 0));
    }

    [Fact]
    public void Score_function_is_unbiased_for_the_categorical_while_relaxed_and_straight_through_gradients_are_biased()
    {
        var study = new CategoricalGradientStudy(Logits, [0.9, 0.1, 0.5, 0.0]);
        Assert.Equal(0, study.ExactGradient().Sum(), 10); // softmax gradients sum to zero
        var score = study.ScoreFunction(40000, seed: 3);
        for (var k = 0; k < Logits.Length; k++)
            Assert.True(Math.Abs(score.Mean[k] - score.Exact[k]) < 5 * Math.Sqrt(score.Variance / 40000), $"coordinate {k}");
        var hot = study.Relaxed(temperature: 5, samples: 40000, seed: 3);
        Assert.True(hot.Bias > 5 * hot.BiasStandardError, $"relaxed bias {hot.Bias} vs SE {hot.BiasStandardError}");
        var straightThrough = study.StraightThrough(40000, seed: 3);
        Assert.True(straightThrough.Bias > 5 * straightThrough.BiasStandardError, $"ST bias {straightThrough.Bias} vs SE {straightThrough.BiasStandardError}");
        var cold = study.Relaxed(temperature: 0.1, samples: 40000, seed: 3);
        Assert.True(cold.Bias < hot.Bias && cold.Variance > hot.Variance, "lower temperature: less bias, more variance");
        Assert.Throws<ArgumentException>(() => new CategoricalGradientStudy([1.0], [1.0]));
    }

    [Fact]
    public void The_diagrams_show_where_gradient_stops()
    {
        var sampled = ComputationGraphDiagram.Sampled().ToSvg();
        var reparameterized = ComputationGraphDiagram.Reparameterized().ToSvg();
        Assert.StartsWith("<svg", sampled);
        Assert.Equal(2, CountOf(sampled, ">no ∇<"));
        Assert.Equal(0, CountOf(reparameterized, ">no ∇<"));
        Assert.Equal(2, CountOf(reparameterized, ">gets ∇<"));
        Assert.Throws<ArgumentException>(() => new ComputationGraphDiagram("bad", [new("a", "a", 0, 0, GraphNodeKind.Value)], [new("a", "b")]));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
