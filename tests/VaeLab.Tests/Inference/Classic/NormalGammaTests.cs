using VaeLab.Numerics;
using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class NormalGammaTests
{
    internal static NormalGammaModel Model(int n = 20, int seed = 1)
    {
        var random = new Random(seed);
        var data = Enumerable.Range(0, n).Select(_ => 1.5 + 0.7 * SpecialFunctions.StandardNormal(random)).ToArray();
        return new NormalGammaModel(new NormalGamma(0, 1, 2, 2), data);
    }

    [Fact]
    public void EvidenceAndPosteriorMomentsMatch2DQuadrature()
    {
        var model = Model();
        var post = model.Posterior();
        // Integrate over μ and log τ (Jacobian τ) on a grid wide enough to hold the posterior.
        var (nMu, nLt) = (600, 600);
        var (muLo, muHi, ltLo, ltHi) = (post.Mu - 3, post.Mu + 3, -4.0, 4.0);
        var (hMu, hLt) = ((muHi - muLo) / nMu, (ltHi - ltLo) / nLt);
        double z = 0, meanMu = 0, meanMu2 = 0, meanTau = 0;
        for (var i = 0; i < nMu; i++)
        for (var j = 0; j < nLt; j++)
        {
            var mu = muLo + (i + 0.5) * hMu;
            var tau = Math.Exp(ltLo + (j + 0.5) * hLt);
            var w = Math.Exp(model.LogJoint(mu, tau)) * tau * hMu * hLt;
            z += w; meanMu += w * mu; meanMu2 += w * mu * mu; meanTau += w * tau;
        }
        Assert.Equal(Math.Log(z), model.LogEvidence(), 5);
        Assert.Equal(meanMu / z, post.MeanOfMu, 5);
        Assert.Equal(meanMu2 / z - Math.Pow(meanMu / z, 2), post.VarianceOfMu, 5);
        Assert.Equal(meanTau / z, post.MeanOfTau, 4);
    }

    [Fact]
    public void CaviElboNeverFallsAndStaysBelowTheEvidence()
    {
        var model = Model();
        var cavi = new NormalGammaCavi(model);
        var steps = cavi.Run(new MeanFieldNormalGamma(-3, 0.5, 1, 10), 30);
        for (var i = 1; i < steps.Count; i++)
            Assert.True(steps[i].Elbo >= steps[i - 1].Elbo - 1e-10, $"ELBO fell at step {i}: {steps[i - 1].Elbo} → {steps[i].Elbo}");
        Assert.True(steps[^1].Elbo > steps[0].Elbo + 1);
        Assert.True(steps[^1].Elbo < model.LogEvidence());
        // The fixed point: μ mean equals the exact posterior mean; E[τ] close to the exact one.
        Assert.Equal(model.Posterior().MeanOfMu, steps[^1].State.MuMean, 10);
        Assert.Equal(model.Posterior().MeanOfTau, steps[^1].State.MeanOfTau, 0.1 * model.Posterior().MeanOfTau);
    }

    [Fact]
    public void ElboPlusKlEqualsEvidence()
    {
        // KL(q ‖ p(μ, τ | x)) by quadrature must close the gap log p(x) − ELBO(q).
        var model = Model();
        var cavi = new NormalGammaCavi(model);
        var q = cavi.Run(new MeanFieldNormalGamma(0, 1, 2, 2), 3)[^1].State;
        var post = model.Posterior();
        var (n, muLo, muHi, ltLo, ltHi) = (600, q.MuMean - 3, q.MuMean + 3, -4.0, 4.0);
        var (hMu, hLt) = ((muHi - muLo) / n, (ltHi - ltLo) / n);
        var kl = 0.0;
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            var mu = muLo + (i + 0.5) * hMu;
            var tau = Math.Exp(ltLo + (j + 0.5) * hLt);
            var logQ = q.LogDensity(mu, tau);
            kl += Math.Exp(logQ) * (logQ - post.LogDensity(mu, tau)) * tau * hMu * hLt;
        }
        Assert.Equal(model.LogEvidence() - cavi.Elbo(q), kl, 4);
    }

    [Fact]
    public void SamplersRecoverThePosteriorMoments()
    {
        var model = Model();
        var post = model.Posterior();
        var gibbs = NormalGammaSamplers.Gibbs(model, 100_000, 100, new Random(7));
        var mh = NormalGammaSamplers.Metropolis(model, 200_000, 1000, 0.3, 0.5, new Random(8));
        foreach (var chain in new[] { gibbs, mh })
        {
            Assert.Equal(post.MeanOfMu, chain.Mu.Average(), 0.01);
            var mean = chain.Mu.Average();
            Assert.Equal(post.VarianceOfMu, chain.Mu.Select(m => (m - mean) * (m - mean)).Average(), 0.1 * post.VarianceOfMu);
            Assert.Equal(post.MeanOfTau, chain.Tau.Average(), 0.03 * post.MeanOfTau);
        }
        Assert.InRange(mh.AcceptanceRate, 0.05, 0.95);
    }

    [Fact]
    public void InvalidPriorThrows() =>
        Assert.Throws<ArgumentException>(() => new NormalGammaModel(new NormalGamma(0, -1, 1, 1), [1.0]));
}
