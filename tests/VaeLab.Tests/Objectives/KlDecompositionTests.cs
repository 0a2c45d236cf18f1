using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Tests.Objectives;

public sealed class KlDecompositionTests
{
    /// <summary>A small batch in float64 with seeded posteriors and samples z = μ + σ ε.</summary>
    private static (Tensor Mean, Tensor LogVar, Tensor Z) Batch(int m, int d, int seed, double meanScale = 1.0)
    {
        using var generator = new Generator((ulong)seed);
        var mean = torch.randn(m, d, dtype: ScalarType.Float64, generator: generator) * meanScale;
        var logVar = torch.randn(m, d, dtype: ScalarType.Float64, generator: generator) * 0.3 - 1;
        var z = mean + (0.5 * logVar).exp() * torch.randn(m, d, dtype: ScalarType.Float64, generator: generator);
        return (mean, logVar, z);
    }

    private static double LogNormal(double x, double mu, double logVar) =>
        -0.5 * (Math.Log(2 * Math.PI) + logVar + (x - mu) * (x - mu) / Math.Exp(logVar));

    private static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.ToList();
        var max = list.Max();
        return max + Math.Log(list.Sum(v => Math.Exp(v - max)));
    }

    [Fact]
    public void With_the_whole_data_set_as_the_batch_the_stratified_estimate_is_exact()
    {
        const int n = 6, d = 3;
        using var scope = torch.NewDisposeScope();
        var (mean, logVar, z) = Batch(n, d, seed: 1);
        var mu = mean.data<double>().ToArray();
        var lv = logVar.data<double>().ToArray();
        var zs = z.data<double>().ToArray();
        double LogQGiven(int i, int j, int dim) => LogNormal(zs[i * d + dim], mu[j * d + dim], lv[j * d + dim]);

        // By hand: q(z) = (1/N) Σ_j Π_d q(z_d | x_j) and q(z_d) = (1/N) Σ_j q(z_d | x_j), over the N = 6 examples.
        var logQz = new double[n];
        var logProduct = new double[n];
        var logPosterior = new double[n];
        var logPrior = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = i;
            logQz[i] = LogSumExp(Enumerable.Range(0, n).Select(j => Enumerable.Range(0, d).Sum(k => LogQGiven(row, j, k)))) - Math.Log(n);
            logProduct[i] = Enumerable.Range(0, d).Sum(k => LogSumExp(Enumerable.Range(0, n).Select(j => LogQGiven(row, j, k))) - Math.Log(n));
            logPosterior[i] = Enumerable.Range(0, d).Sum(k => LogQGiven(row, row, k));
            logPrior[i] = Enumerable.Range(0, d).Sum(k => LogNormal(zs[row * d + k], 0, 0));
        }

        using var densities = KlDecomposition.LogDensities(mean, logVar, z, n, AggregatePosteriorEstimator.Stratified);
        AssertClose(logQz, densities.LogAggregate);
        AssertClose(logProduct, densities.LogProductOfMarginals);
        AssertClose(logPosterior, densities.LogPosterior);
        AssertClose(logPrior, densities.LogPrior);

        using var terms = KlDecomposition.Estimate(mean, logVar, z, n, AggregatePosteriorEstimator.Stratified);
        Assert.Equal(Enumerable.Range(0, n).Average(i => logPosterior[i] - logQz[i]), terms.IndexCodeMutualInformation.item<double>(), 10);
        Assert.Equal(Enumerable.Range(0, n).Average(i => logQz[i] - logProduct[i]), terms.TotalCorrelation.item<double>(), 10);
        Assert.Equal(Enumerable.Range(0, n).Average(i => logProduct[i] - logPrior[i]), terms.DimensionWiseKl.item<double>(), 10);

        // Minibatch-weighted sampling (Chen et al.'s 1/(NM)) is low by log N in q(z) and in each marginal here.
        using var weighted = KlDecomposition.LogDensities(mean, logVar, z, n, AggregatePosteriorEstimator.MinibatchWeighted);
        AssertClose(logQz.Select(v => v - Math.Log(n)).ToArray(), weighted.LogAggregate);
        AssertClose(logProduct.Select(v => v - d * Math.Log(n)).ToArray(), weighted.LogProductOfMarginals);
    }

    [Fact]
    public void Minibatch_weighted_sampling_matches_its_formula_on_a_batch_of_a_larger_data_set()
    {
        const int m = 4, d = 2;
        const long n = 1000;
        using var scope = torch.NewDisposeScope();
        var (mean, logVar, z) = Batch(m, d, seed: 2);
        var mu = mean.data<double>().ToArray();
        var lv = logVar.data<double>().ToArray();
        var zs = z.data<double>().ToArray();
        using var densities = KlDecomposition.LogDensities(mean, logVar, z, n);
        var got = densities.LogAggregate.data<double>().ToArray();
        for (var i = 0; i < m; i++)
        {
            // log q(z_i) ≈ log (1/(N M)) Σ_j q(z_i | x_j)   (Chen et al. 2018, §4.1)
            var expected = LogSumExp(Enumerable.Range(0, m).Select(j =>
                Enumerable.Range(0, d).Sum(k => LogNormal(zs[i * d + k], mu[j * d + k], lv[j * d + k])))) - Math.Log(n * m);
            Assert.Equal(expected, got[i], 10);
        }
    }

    [Theory]
    [InlineData(AggregatePosteriorEstimator.MinibatchWeighted)]
    [InlineData(AggregatePosteriorEstimator.Stratified)]
    public void The_three_terms_add_up_to_the_sampled_kl(AggregatePosteriorEstimator estimator)
    {
        using var scope = torch.NewDisposeScope();
        var (mean, logVar, z) = Batch(400, 4, seed: 3);
        using var terms = KlDecomposition.Estimate(mean, logVar, z, 50_000, estimator);
        using var densities = KlDecomposition.LogDensities(mean, logVar, z, 50_000, estimator);
        var sum = terms.IndexCodeMutualInformation.item<double>() + terms.TotalCorrelation.item<double>() + terms.DimensionWiseKl.item<double>();
        // The estimates of log q(z) and log Π q(z_d) cancel: the sum is E[log q(z|x) − log p(z)] on these samples.
        var perExample = densities.LogPosterior - densities.LogPrior;
        Assert.Equal(perExample.mean().item<double>(), sum, 9);
        // ... which estimates the analytic mean KL within Monte Carlo error (4 standard errors).
        double analytic;
        using (var q = DiagonalNormal.FromLogVariance(mean, logVar))
            analytic = GaussianKl.Total(GaussianKl.ToStandardNormal(q)).mean().item<double>();
        var standardError = perExample.std().item<double>() / Math.Sqrt(400);
        Assert.InRange(sum - analytic, -4 * standardError, 4 * standardError);
    }

    [Fact]
    public void Total_correlation_is_near_zero_for_independent_dimensions_and_matches_the_gaussian_value_when_correlated()
    {
        // Posterior means drawn N(0, I) per example, posterior std ½: over the data, z ~ N(0, 1.25 I) — a product, TC 0.
        // With both means equal, z₁ and z₂ have correlation 1/1.25 = 0.8 and TC = −½ ln(1 − 0.8²) = 0.511 nats.
        const int m = 1500;
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(4);
        var independent = torch.randn(m, 2, dtype: ScalarType.Float64, generator: generator);
        var shared = torch.randn(m, 1, dtype: ScalarType.Float64, generator: generator).expand(m, 2).contiguous();
        var logVar = torch.full(m, 2, Math.Log(0.25), dtype: ScalarType.Float64);
        var noise = torch.randn(m, 2, dtype: ScalarType.Float64, generator: generator);

        using var apart = KlDecomposition.Estimate(independent, logVar, independent + 0.5 * noise, m, AggregatePosteriorEstimator.Stratified);
        using var together = KlDecomposition.Estimate(shared, logVar, shared + 0.5 * noise, m, AggregatePosteriorEstimator.Stratified);
        Assert.InRange(apart.TotalCorrelation.item<double>(), -0.05, 0.05);
        Assert.InRange(together.TotalCorrelation.item<double>(), 0.511 - 0.08, 0.511 + 0.08);
    }

    [Fact]
    public void Total_correlation_has_a_gradient_for_the_encoder()
    {
        using var scope = torch.NewDisposeScope();
        var (mean, logVar, _) = Batch(32, 3, seed: 5);
        mean.requires_grad = true;
        logVar.requires_grad = true;
        using var generator = new Generator(6);
        var z = mean + (0.5 * logVar).exp() * torch.randn(32, 3, dtype: ScalarType.Float64, generator: generator);
        using var terms = KlDecomposition.Estimate(mean, logVar, z, 10_000);
        terms.TotalCorrelation.backward();
        Assert.True(mean.grad is not null && mean.grad.abs().sum().item<double>() > 0);
        Assert.True(logVar.grad is not null && double.IsFinite(logVar.grad.sum().item<double>()));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_reasons()
    {
        using var scope = torch.NewDisposeScope();
        var (mean, logVar, z) = Batch(8, 2, seed: 6);
        Assert.Contains("must all be [batch, latents]", Assert.Throws<ArgumentException>(() => KlDecomposition.Estimate(mean, logVar[.., 0..1], z, 100)).Message);
        Assert.Contains("cannot be smaller than the batch", Assert.Throws<ArgumentException>(() => KlDecomposition.Estimate(mean, logVar, z, 4)).Message);
    }

    private static void AssertClose(double[] expected, Tensor actual)
    {
        var got = actual.data<double>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], 10);
    }
}
