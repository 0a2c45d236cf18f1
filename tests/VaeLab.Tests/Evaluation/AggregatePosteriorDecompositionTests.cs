using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public sealed class AggregatePosteriorDecompositionTests
{
    [Fact]
    public void Sharp_posteriors_on_a_full_grid_share_no_information_between_latents()
    {
        // Four images at the corners of a square, each with a tiny posterior: q(z) has four separate modes and each
        // marginal two, so I(z; n) = log 4 and the modes factorise: TC = 0.
        using var mean = tensor(new double[] { -3, -3, -3, 3, 3, -3, 3, 3 }, [4, 2]);
        using var logVariance = full(4, 2, 2 * Math.Log(0.01), dtype: ScalarType.Float64);
        var d = AggregatePosteriorDecomposition.Measure(mean, logVariance, samples: 4, seed: 1);
        Assert.Equal(Math.Log(4), d.IndexCodeMutualInformation, 3);
        Assert.Equal(0, d.TotalCorrelation, 3);
        Assert.Equal(4, d.Samples);
    }

    [Fact]
    public void Two_latents_that_copy_each_other_carry_log_2_of_total_correlation()
    {
        // Two images on the diagonal: each marginal has two modes, but they always agree: TC = 2 log 2 − log 2 = log 2.
        using var mean = tensor(new double[] { -3, -3, 3, 3 }, [2, 2]);
        using var logVariance = full(2, 2, 2 * Math.Log(0.01), dtype: ScalarType.Float64);
        var d = AggregatePosteriorDecomposition.Measure(mean, logVariance, samples: 2, seed: 1);
        Assert.Equal(Math.Log(2), d.IndexCodeMutualInformation, 3);
        Assert.Equal(Math.Log(2), d.TotalCorrelation, 3);
    }

    [Fact]
    public void The_three_terms_add_up_to_the_mean_closed_form_kl_within_the_monte_carlo_error()
    {
        using var generator = new Generator(3);
        using var mean = randn(500, 3, dtype: ScalarType.Float64, generator: generator);
        using var logVariance = -1.0 + 0.5 * randn(500, 3, dtype: ScalarType.Float64, generator: generator);
        var d = AggregatePosteriorDecomposition.Measure(mean, logVariance, samples: 500, seed: 2);
        var closedForm = (0.5 * (mean.pow(2) + logVariance.exp() - 1 - logVariance)).sum(dim: 1).mean().item<double>();
        var error = d.MutualInformationError + d.TotalCorrelationError + d.DimensionWiseKlError;
        Assert.InRange(d.Kl, closedForm - 3 * error, closedForm + 3 * error);
        // The sum's own error: positive, and within the same three-error band of the closed form.
        Assert.True(d.KlError > 0, $"KlError {d.KlError}");
        Assert.InRange(d.Kl, closedForm - 4 * d.KlError, closedForm + 4 * d.KlError);
    }

    [Fact]
    public void The_sum_has_no_monte_carlo_error_when_every_posterior_is_the_prior()
    {
        // q(z|x) = p(z) for every x: log q(z|x) − log p(z) = 0 on every draw, so the sum is 0 with error 0, while
        // the three terms separately still carry sampling noise.
        using var mean = zeros(64, 3, dtype: ScalarType.Float64);
        using var logVariance = zeros(64, 3, dtype: ScalarType.Float64);
        var d = AggregatePosteriorDecomposition.Measure(mean, logVariance, samples: 64, seed: 5);
        Assert.Equal(0, d.Kl, 9);
        Assert.Equal(0, d.KlError, 9);
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        using var mean = zeros(10, 2);
        using var wrong = zeros(10, 3);
        Assert.Contains("both [N, D]", Assert.Throws<ArgumentException>(() => AggregatePosteriorDecomposition.Measure(mean, wrong)).Message);
        Assert.Contains("at least 2 samples", Assert.Throws<ArgumentException>(() => AggregatePosteriorDecomposition.Measure(mean, mean, samples: 1)).Message);
    }
}
