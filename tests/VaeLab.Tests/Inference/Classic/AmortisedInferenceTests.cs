using VaeLab.Experiments;
using VaeLab.Inference.Classic;
using static TorchSharp.torch;

namespace VaeLab.Tests.Inference.Classic;

public class AmortisedInferenceTests
{
    private static LinearGaussianLatentModel Model() => LinearGaussianLatentModel.Random(5, 2, 0.3, new Random(21));

    [Fact]
    public void ElboPlusKlIsTheEvidenceAndTheBestDiagonalQWins()
    {
        var model = Model();
        var x = model.Sample(3, new Random(22));
        foreach (var xi in x)
        {
            var best = model.BestDiagonalQ(xi);
            var other = new DiagonalGaussian([0.3, -0.2], [0.5, 2.0]);
            Assert.Equal(model.LogEvidence(xi), model.Elbo(xi, other) + model.KlToPosterior(xi, other), 9);
            Assert.Equal(model.LogEvidence(xi), model.Elbo(xi, best) + model.KlToPosterior(xi, best), 9);
            Assert.True(model.Elbo(xi, best) > model.Elbo(xi, best with { Variance = best.Variance.Select(v => v * 1.2).ToArray() }));
        }
    }

    [Fact]
    public void TorchElboEqualsTheCSharpElbo()
    {
        var model = Model();
        var x = model.Sample(4, new Random(23));
        var q = new DiagonalGaussian([0.1, 0.4], [0.7, 1.3]);
        using var xt = tensor(x.SelectMany(r => r).ToArray(), [4, 5], dtype: ScalarType.Float64);
        using var m = tensor(Enumerable.Range(0, 4).SelectMany(_ => q.Mean).ToArray(), [4, 2], dtype: ScalarType.Float64);
        using var lv = tensor(Enumerable.Range(0, 4).SelectMany(_ => q.Variance.Select(v => Math.Log(v))).ToArray(), [4, 2], dtype: ScalarType.Float64);
        var flatW = new double[10];
        for (var d = 0; d < 5; d++) for (var l = 0; l < 2; l++) flatW[d * 2 + l] = model.Weights[d, l];
        using var w = tensor(flatW, [5, 2], dtype: ScalarType.Float64);
        using var b = tensor(model.Bias, dtype: ScalarType.Float64);
        using var elbo = LinearGaussianElbo.Elbo(xt, m, lv, w, b, model.NoiseVariance);
        for (var n = 0; n < 4; n++) Assert.Equal(model.Elbo(x[n], q), elbo[n].item<double>(), 9);
    }

    [Fact]
    public void AnEncoderGetsCloseToThePerPointOptimum()
    {
        var model = Model();
        var data = model.Sample(256, new Random(24));
        var fit = AmortisedInference.Fit(model, data, new AmortisedFitSettings(HiddenUnits: 16, Steps: 1500, LearningRate: 0.01, Seed: 1));
        var encoded = AmortisedInference.Encode(fit.Encoder, data);
        var amortised = data.Select((x, n) => model.Elbo(x, encoded[n])).Average();
        var perPoint = data.Select(x => model.Elbo(x, model.BestDiagonalQ(x))).Average();
        Assert.True(amortised <= perPoint + 1e-9);
        Assert.True(perPoint - amortised < 0.1, $"amortisation gap {perPoint - amortised} nats");
        Assert.True(fit.MeanElbo[^1] > fit.MeanElbo[0]);
    }

    [Fact]
    public void Gaps_split_the_distance_to_log_evidence_into_family_and_encoder()
    {
        var model = Model();
        var x = model.Sample(40, new Random(24));
        var fit = AmortisedInference.Fit(model, x, new AmortisedFitSettings(HiddenUnits: 8, Steps: 200, LearningRate: 0.01, Seed: 3));
        var gaps = AmortisedInference.Gaps(model, fit.Encoder, x);
        Assert.Equal(x.Average(model.LogEvidence), gaps.LogEvidence, 9);
        Assert.Equal(x.Average(xi => model.Elbo(xi, model.BestDiagonalQ(xi))), gaps.PerPointElbo, 9);
        Assert.True(gaps.Approximation >= 0, "no factorised q beats the posterior");
        Assert.True(gaps.Amortisation >= -1e-9, "the encoder cannot beat the per-point optimum");
        Assert.Equal(gaps.LogEvidence - gaps.EncoderElbo, gaps.Approximation + gaps.Amortisation, 9);
        Assert.Throws<ArgumentException>(() => AmortisedInference.Gaps(model, fit.Encoder, []));
    }

    [Fact]
    public void LateGapReadsTheLastQuarterAndQualifiesEveryVerdict()
    {
        // Synthetic traces (per-point optimum −7): 400 steps, a late gap of 0.006 nats with rare spikes of 0.13, and the same
        // trace stopped on a spike; the approximation gap is 0.0056.
        static AmortisedFit Trace(Func<int, double> gap) => new(null!, Enumerable.Range(0, 400).Select(i => -7 - gap(i)).ToArray());
        var spiky = Trace(i => i < 100 ? 1.0 : i % 10 == 0 || i == 399 ? 0.13 : 0.006);
        var late = LateAmortisationGap.Of(spiky, -7);
        Assert.Equal(100, late.Steps);
        Assert.Equal(0.006, late.Median, 9);                       // the spikes (one step in ten, and the last step) do not move it
        var sameSize = late.Compare(0.0056);
        Assert.Contains("the encoder's gap was the larger on at least three quarters of the late steps", sameSize);   // 0.006 > 0.0056 at the lower quartile
        Assert.Contains("(one training run)", sameSize);
        Assert.Contains("the smaller on at least three quarters", LateAmortisationGap.Of(Trace(_ => 0.004), -7).Compare(0.0056));
        Assert.Contains("over the last 100 of 400 Adam steps", sameSize);
        Assert.Contains("(one training run)", LateAmortisationGap.Of(Trace(_ => 0.02), -7).Compare(0.0056));
        Assert.Contains("more than twice", LateAmortisationGap.Of(Trace(_ => 0.02), -7).Compare(0.0056));
        var less = LateAmortisationGap.Of(Trace(_ => 0.001), -7).Compare(0.0056);
        Assert.Contains("less than half", less);
        Assert.Contains("(one training run)", less);
        // Half the late steps small, half large: the quartiles straddle the approximation gap.
        Assert.Contains("lie on both sides of the approximation gap, so which one is larger is not settled", LateAmortisationGap.Of(Trace(i => i % 2 == 0 ? 0.001 : 0.03), -7).Compare(0.0056));
        Assert.Throws<ArgumentException>(() => LateAmortisationGap.Of(new AmortisedFit(null!, [-7.0, -7.0]), -7));
    }
}
