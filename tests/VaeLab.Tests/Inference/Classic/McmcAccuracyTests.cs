using VaeLab.Inference.Classic;

namespace VaeLab.Tests.Inference.Classic;

public class McmcAccuracyTests
{
    private static McmcAccuracyCurve Synthetic(params (int Draws, double Ms, double VarErr)[] points) =>
        new(NormalGammaSampler.Gibbs, 1, points.Select(p => new McmcAccuracyPoint(p.Draws, p.Ms, new MomentErrors(0, p.VarErr, 0))).ToList());

    [Fact]
    public void ExactMomentsHaveZeroError()
    {
        var truth = PosteriorMoments.Of(NormalGammaTests.Model().Posterior());
        Assert.Equal(new MomentErrors(0, 0, 0), MomentErrors.Of(truth, truth));
        var off = MomentErrors.Of(truth with { VarianceMu = 2 * truth.VarianceMu, MeanMu = truth.MeanMu + Math.Sqrt(truth.VarianceMu) }, truth);
        Assert.Equal(1, off.MeanMu, 12);
        Assert.Equal(1, off.VarianceMu, 12);
    }

    [Fact]
    public void CrossingIsInterpolatedInLogLogSpace()
    {
        // Error 0.1 at 1 ms, 0.001 at 100 ms: a straight line of slope −1 in log–log; 0.01 is crossed at 10 ms.
        var curve = Synthetic((100, 1, 0.1), (10_000, 100, 0.001));
        Assert.Equal(10, curve.CrossingMilliseconds(0.01)!.Value, 9);
        Assert.Equal(10_000, curve.FirstBelow(0.01)!.Draws);
        Assert.Equal(1, curve.CrossingMilliseconds(0.5)!.Value, 12);
        Assert.Null(curve.CrossingMilliseconds(0.0001));
        Assert.Null(curve.FirstBelow(0.0001));
    }

    [Fact]
    public void LongerGibbsChainsAreMoreAccurate()
    {
        var model = NormalGammaTests.Model();
        var curve = McmcAccuracy.Sweep(model, NormalGammaSampler.Gibbs, new McmcSweepSettings([100, 20_000], Chains: 8, Seed: 3));
        Assert.Equal(2, curve.Points.Count);
        Assert.True(curve.Points[1].RmsErrors.VarianceMu < curve.Points[0].RmsErrors.VarianceMu / 3,
            $"Var[μ] error: {curve.Points[0].RmsErrors.VarianceMu} → {curve.Points[1].RmsErrors.VarianceMu}");
        Assert.True(curve.Points[1].RmsErrors.MeanMu < 0.05);
        Assert.True(curve.Points.All(p => p.MedianMilliseconds > 0));
    }

    [Fact]
    public void MetropolisConvergesToTheSameMoments()
    {
        var model = NormalGammaTests.Model();
        var curve = McmcAccuracy.Sweep(model, NormalGammaSampler.MetropolisHastings, new McmcSweepSettings([50_000], Chains: 4, Seed: 5));
        Assert.True(curve.Points[0].RmsErrors.VarianceMu < 0.1, $"{curve.Points[0].RmsErrors}");
        Assert.True(curve.Points[0].RmsErrors.MeanTau < 0.05, $"{curve.Points[0].RmsErrors}");
    }

    [Fact]
    public void SettingsAreValidated()
    {
        var model = NormalGammaTests.Model();
        Assert.Throws<ArgumentException>(() => McmcAccuracy.Sweep(model, NormalGammaSampler.Gibbs, new McmcSweepSettings([], 1)));
        Assert.Throws<ArgumentException>(() => McmcAccuracy.Sweep(model, NormalGammaSampler.Gibbs, new McmcSweepSettings([10], 0)));
    }
}
