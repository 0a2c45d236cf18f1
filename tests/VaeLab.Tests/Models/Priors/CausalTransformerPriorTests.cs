using TorchSharp;
using VaeLab.Models.Priors;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models.Priors;

public class CausalTransformerPriorTests
{
    private static CausalTransformerPrior SmallPrior(int k = 6, int p = 8, int seed = 1) =>
        new(new CausalTransformerPriorOptions(CodebookSize: k, Positions: p, ModelSize: 32, Heads: 4, Layers: 2, MlpSize: 64, Seed: seed));

    [Fact]
    public void Logits_at_a_position_do_not_depend_on_that_code_or_later_ones()
    {
        var prior = SmallPrior();
        var codes = randint(6, [3, 8], generator: new Generator(1));
        var logits = prior.call(codes).detach();
        Assert.Equal(new long[] { 3, 8, 6 }, logits.shape);
        const int changed = 4;
        var altered = codes.clone();
        altered.select(1, changed).copy_((codes.select(1, changed) + 1).remainder(6));
        var alteredLogits = prior.call(altered).detach();
        Assert.True(alteredLogits.narrow(1, 0, changed + 1).allclose(logits.narrow(1, 0, changed + 1), atol: 1e-6),
            "positions up to and including the changed one read only earlier codes");
        for (var t = changed + 1; t < 8; t++)
            Assert.False(alteredLogits.select(1, t).allclose(logits.select(1, t), atol: 1e-6), $"position {t} must see the change");
    }

    [Fact]
    public void Log_likelihood_is_the_sum_of_gathered_log_softmax_terms()
    {
        var prior = SmallPrior();
        var codes = randint(6, [4, 8], generator: new Generator(2));
        var logits = prior.call(codes).detach().to_type(ScalarType.Float64);
        var expected = new double[4];
        for (var n = 0; n < 4; n++)
            for (var t = 0; t < 8; t++)
            {
                var row = Enumerable.Range(0, 6).Select(k => logits[n, t, k].item<double>()).ToArray();
                var logNormaliser = Math.Log(row.Sum(Math.Exp));
                expected[n] += row[codes[n, t].item<long>()] - logNormaliser;
            }
        var actual = prior.LogLikelihood(codes).detach().data<float>().ToArray();
        for (var n = 0; n < 4; n++) Assert.Equal(expected[n], actual[n], 4);
        // An untrained prior is close to uniform: about P log K nats.
        Assert.InRange(-actual.Average(), 8 * Math.Log(6) - 1, 8 * Math.Log(6) + 1);
        Assert.True(prior.LogLikelihood(codes.reshape(4, 2, 4)).allclose(prior.LogLikelihood(codes)));
    }

    [Fact]
    public void Training_on_a_pattern_learns_it_and_samples_follow_it()
    {
        // c_1 uniform over K, then c_t = c_1 + t − 1 (mod K): the best NLL is log K (the first code), the rest certain.
        const int k = 5, p = 6;
        var prior = SmallPrior(k, p, seed: 3);
        var starts = arange(k, dtype: ScalarType.Int64).repeat(8);
        var codes = (starts.unsqueeze(1) + arange(p, dtype: ScalarType.Int64)).remainder(k);
        var optimizer = optim.Adam(prior.parameters(), lr: 3e-3);
        for (var step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            (-prior.LogLikelihood(codes).mean()).backward();
            optimizer.step();
        }
        var nll = -prior.LogLikelihood(codes).mean().item<float>();
        // The first position cannot beat log K (its codes are uniform), so the other five positions together cost < 0.1 nats.
        Assert.InRange(nll, Math.Log(k) - 0.05, Math.Log(k) + 0.1);

        var samples = prior.Sample(200, new Generator(4));
        Assert.Equal(new long[] { 200, p }, samples.shape);
        var followsPattern = (samples - samples.narrow(1, 0, 1) - arange(p, dtype: ScalarType.Int64)).remainder(k) == 0;
        Assert.True(followsPattern.all(1).to_type(ScalarType.Float32).mean().item<float>() > 0.97);
        var firstCodes = samples.select(1, 0).data<long>().ToArray();
        Assert.Equal(k, firstCodes.Distinct().Count()); // the first code stays random
        Assert.True(prior.Sample(200, new Generator(4)).equal(samples).all().item<bool>(), "same generator seed, same samples");
    }

    [Fact]
    public void Bad_options_and_codes_give_one_line_errors()
    {
        AssertOneLine(() => new CausalTransformerPrior(new CausalTransformerPriorOptions(CodebookSize: 1, Positions: 4)), "CodebookSize");
        AssertOneLine(() => new CausalTransformerPrior(new CausalTransformerPriorOptions(CodebookSize: 4, Positions: 0)), "Positions");
        AssertOneLine(() => new CausalTransformerPrior(new CausalTransformerPriorOptions(4, 4, ModelSize: 30, Heads: 4)), "multiple");
        var prior = SmallPrior();
        AssertOneLine(() => prior.LogLikelihood(zeros(2, 8, dtype: ScalarType.Int64) + 6), "[0, 6)");
        AssertOneLine(() => prior.LogLikelihood(zeros(2, 7, dtype: ScalarType.Int64)), "[N, 8]");
    }

    private static void AssertOneLine(Action action, string mentions)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(mentions, error.Message);
    }
}
