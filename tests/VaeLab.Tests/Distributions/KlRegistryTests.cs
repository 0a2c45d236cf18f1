using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class KlRegistryTests
{
    /// <summary>N(0, I) written as a general distribution with no KL rule, so the registry must fall back to Monte Carlo.</summary>
    private sealed class UnregisteredStandardNormal(long size) : Distribution
    {
        public override Tensor log_prob(Tensor value) => new StandardNormal(size).log_prob(value);
    }

    /// <summary>Another rule-less N(0, I), for the test that registers a rule (so the fallback test keeps its own type).</summary>
    private sealed class LateRegisteredNormal(long size) : Distribution
    {
        public override Tensor log_prob(Tensor value) => new StandardNormal(size).log_prob(value);
    }

    [Fact]
    public void Normal_against_the_standard_normal_is_the_closed_form_per_dimension()
    {
        using var q = DiagonalNormal.FromLogVariance(tensor(new[] { 0.0f, 1.0f, -2.0f }).reshape(1, 3), tensor(new[] { 0.0f, MathF.Log(4f), MathF.Log(0.25f) }).reshape(1, 3));
        var kl = Kl.Divergence(q, new StandardNormal(3));
        Assert.Equal(KlMethod.ClosedForm, kl.Method);
        double[] byHand = [0, 0.5 * (1 + 4 - 1 - Math.Log(4)), 0.5 * (4 + 0.25 - 1 - Math.Log(0.25))];
        var perDimension = kl.PerVariable.data<float>().ToArray();
        for (var d = 0; d < 3; d++) Assert.Equal(byHand[d], perDimension[d], 5);
        Assert.Equal(byHand.Sum(), kl.Total.item<float>(), 4);
    }

    [Fact]
    public void Normal_against_normal_is_the_general_closed_form()
    {
        using var q = DiagonalNormal.FromStandardDeviation(tensor(new[] { 0.3, -1.0 }).reshape(1, 2), tensor(new[] { 0.5, 2.0 }).reshape(1, 2));
        using var p = DiagonalNormal.FromStandardDeviation(tensor(new[] { 1.0, 0.5 }).reshape(1, 2), tensor(new[] { 1.5, 0.7 }).reshape(1, 2));
        var kl = Kl.Divergence(q, p);
        Assert.Equal(KlMethod.ClosedForm, kl.Method);
        var values = kl.PerVariable.data<double>().ToArray();
        Assert.Equal(Math.Log(1.5 / 0.5) + (0.25 + 0.49) / (2 * 2.25) - 0.5, values[0], 10);
        Assert.Equal(Math.Log(0.7 / 2.0) + (4 + 2.25) / (2 * 0.49) - 0.5, values[1], 10);
    }

    [Fact]
    public void Categorical_against_categorical_is_the_sum_over_classes_and_zero_probabilities_cost_nothing()
    {
        // Two examples, two variables of three classes each; the second example's first variable is one-hot.
        var logits = tensor(new[] { 0.0, 1.0, -1.0, 2.0, 0.0, 0.0, 0.0, -1e9, -1e9, 1.0, 1.0, 1.0 }).reshape(2, 2, 3);
        var q = new Categorical(logits);
        var p = Categorical.Uniform(2, 3);
        var kl = Kl.Divergence(q, p);
        Assert.Equal(KlMethod.ClosedForm, kl.Method);
        Assert.Equal(new long[] { 2, 2 }, kl.PerVariable.shape);
        var probs = q.probs.data<double>().ToArray();
        double ByHand(int start) => Enumerable.Range(start, 3).Where(i => probs[i] > 0).Sum(i => probs[i] * Math.Log(probs[i] * 3));
        var values = kl.PerVariable.data<double>().ToArray();
        for (var v = 0; v < 4; v++) Assert.Equal(ByHand(3 * v), values[v], 6);   // the uniform prior's logits are float32
        Assert.Equal(Math.Log(3), values[2], 6);    // a one-hot q against uniform: log K
        Assert.Equal(0, values[3], 6);              // q = p (up to the float32 logits of the uniform prior)
        Assert.False(kl.PerVariable.isnan().any().item<bool>());
    }

    [Fact]
    public void A_relaxed_categorical_uses_the_categorical_rule()
    {
        var logits = randn(new long[] { 4, 3, 5 }, generator: new Generator(1));
        var kl = Kl.Divergence(new RelaxedCategorical(logits, 0.5), Categorical.Uniform(3, 5));
        Assert.Equal(KlMethod.ClosedForm, kl.Method);
        Assert.True(kl.PerVariable.allclose(Kl.Divergence(new Categorical(logits), Categorical.Uniform(3, 5)).PerVariable));
    }

    [Fact]
    public void A_pair_without_a_rule_is_estimated_by_monte_carlo_and_says_so()
    {
        using var q = DiagonalNormal.FromLogVariance(tensor(new[] { 0.5f, -1.0f, 2.0f }).reshape(1, 3), tensor(new[] { -0.5f, 0.3f, -2.0f }).reshape(1, 3));
        var p = new UnregisteredStandardNormal(3);
        Assert.False(Kl.HasRule(typeof(DiagonalNormal), typeof(UnregisteredStandardNormal)));
        var error = Assert.Throws<ArgumentException>(() => Kl.Divergence(q, p));
        Assert.Contains("Monte Carlo", error.Message);

        // One sample per example: the estimate is log q(z) − log p(z) at that z; its mean over many z is the KL.
        var z = q.sample(200_000, new Generator(2));                          // [200000, 1, 3]
        var estimate = Kl.Divergence(q, p, z);
        Assert.Equal(KlMethod.MonteCarlo, estimate.Method);
        Assert.Contains("Monte Carlo", estimate.ToString());
        Assert.Equal(new long[] { 200_000, 1, 1 }, estimate.PerVariable.shape);
        var exact = Kl.Divergence(q, new StandardNormal(3)).Total.item<float>();
        Assert.InRange(estimate.Total.mean().item<float>(), exact - 0.03, exact + 0.03);
    }

    [Fact]
    public void A_code_assignment_against_the_uniform_codebook_costs_log_k_per_position()
    {
        var indices = randint(16, [2, 3, 3], generator: new Generator(3));
        var q = new CodeAssignment(indices, zeros(2, 4, 3, 3), 16);
        var p = new CodebookPrior(16, [3, 3], codes => zeros(codes.shape[0], 4, 3, 3));
        var kl = Kl.Divergence(q, p);
        Assert.Equal(KlMethod.Constant, kl.Method);
        Assert.True(kl.Total.allclose(full(2, 9 * Math.Log(16))));
        Assert.Equal(-9 * Math.Log(16), p.log_prob(zeros(2, 4, 3, 3))[0].item<float>(), 4);
    }

    [Fact]
    public void A_registered_rule_replaces_the_fallback()
    {
        Kl.Register<DiagonalNormal, LateRegisteredNormal>((q, _) => GaussianKl.ToStandardNormal(q));
        using var q = DiagonalNormal.FromLogVariance(zeros(2, 3), zeros(2, 3));
        var kl = Kl.Divergence(q, new LateRegisteredNormal(3));
        Assert.Equal(KlMethod.ClosedForm, kl.Method);
        Assert.Equal(0, kl.Total.abs().max().item<float>(), 6);
    }
}
