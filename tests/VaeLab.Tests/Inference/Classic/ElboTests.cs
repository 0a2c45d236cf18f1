using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class ElboTests
{
    private static ConjugateGaussianModel Model() => new(1.0, 4.0, 0.5, [2.1, 1.4, 2.9, 2.2, 1.7]);

    [Fact]
    public void LogEvidenceMatchesQuadrature()
    {
        var model = Model();
        var (lo, hi, n) = (-10.0, 12.0, 200_000);
        var h = (hi - lo) / n;
        var sum = 0.0;
        for (var i = 0; i < n; i++) sum += Math.Exp(model.LogJoint(lo + (i + 0.5) * h)) * h;
        Assert.Equal(Math.Log(sum), model.LogEvidence(), 8);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(2.0, 0.05)]
    [InlineData(-3.0, 10.0)]
    public void LogEvidenceEqualsElboPlusKl(double mean, double variance)
    {
        var model = Model();
        var q = new GaussianQ(mean, variance);
        Assert.Equal(model.LogEvidence(), model.Elbo(q) + model.KlToPosterior(q), 10);
        Assert.True(model.Elbo(q) < model.LogEvidence());
    }

    [Fact]
    public void ElboAtThePosteriorIsTheEvidenceAndMonteCarloAgrees()
    {
        var model = Model();
        var post = model.Posterior();
        Assert.Equal(model.LogEvidence(), model.Elbo(post), 10);
        var q = new GaussianQ(post.Mean + 0.3, post.Variance * 2);
        var (meanLog, logMean) = model.MonteCarlo(q, 100_000, new Random(5));
        Assert.Equal(model.Elbo(q), meanLog, 0.01);
        Assert.Equal(model.LogEvidence(), logMean, 0.01);
        Assert.True(logMean > meanLog); // Jensen
    }

    [Fact]
    public void InvalidQThrows() => Assert.Throws<ArgumentException>(() => Model().Elbo(new GaussianQ(0, -1)));
}
