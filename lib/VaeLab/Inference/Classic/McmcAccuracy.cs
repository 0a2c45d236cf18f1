using System.Diagnostics;

namespace VaeLab.Inference.Classic;

/// <summary>The three Normal-Gamma posterior quantities notebook 02 scores every method on.</summary>
public sealed record PosteriorMoments(double MeanMu, double VarianceMu, double MeanTau)
{
    public static PosteriorMoments Of(NormalGamma posterior) => new(posterior.MeanOfMu, posterior.VarianceOfMu, posterior.MeanOfTau);

    public static PosteriorMoments Of(MeanFieldNormalGamma q) => new(q.MuMean, q.VarianceOfMu, q.MeanOfTau);

    /// <summary>Sample moments of a chain (the variance divides by the number of draws).</summary>
    public static PosteriorMoments Of(McmcChain chain)
    {
        var mean = chain.Mu.Average();
        return new(mean, chain.Mu.Average(m => (m - mean) * (m - mean)), chain.Tau.Average());
    }
}

/// <summary>
/// Errors against the exact moments, each on its natural scale: E[μ] in posterior standard deviations, Var[μ] and E[τ]
/// relative to their exact values.
/// </summary>
public sealed record MomentErrors(double MeanMu, double VarianceMu, double MeanTau)
{
    public static MomentErrors Of(PosteriorMoments estimate, PosteriorMoments truth) => new(
        Math.Abs(estimate.MeanMu - truth.MeanMu) / Math.Sqrt(truth.VarianceMu),
        Math.Abs(estimate.VarianceMu - truth.VarianceMu) / truth.VarianceMu,
        Math.Abs(estimate.MeanTau - truth.MeanTau) / truth.MeanTau);
}

/// <summary>One chain length: the median wall time of a chain and the root-mean-square errors over the chains.</summary>
public sealed record McmcAccuracyPoint(int Draws, double MedianMilliseconds, MomentErrors RmsErrors);

public enum NormalGammaSampler { Gibbs, MetropolisHastings }

/// <summary>How one sampler's accuracy grows with its chain length (and wall time).</summary>
public sealed record McmcAccuracyCurve(NormalGammaSampler Sampler, int Chains, IReadOnlyList<McmcAccuracyPoint> Points)
{
    public string Name => Sampler == NormalGammaSampler.Gibbs ? "Gibbs" : "Metropolis–Hastings";
    public double[] Milliseconds => Points.Select(p => p.MedianMilliseconds).ToArray();
    public double[] VarianceErrors => Points.Select(p => p.RmsErrors.VarianceMu).ToArray();

    /// <summary>The shortest measured chain whose Var[μ] error is below <paramref name="error"/>, or null if none is.</summary>
    public McmcAccuracyPoint? FirstBelow(double error) => Points.FirstOrDefault(p => p.RmsErrors.VarianceMu < error);

    /// <summary>
    /// The wall time at which the Var[μ] error curve first crosses <paramref name="error"/>, interpolated linearly in
    /// log time and log error between the two measured points around the crossing; the first point's time if the curve
    /// starts below it; null if it never gets there.
    /// </summary>
    public double? CrossingMilliseconds(double error)
    {
        for (var k = 0; k < Points.Count; k++)
        {
            if (Points[k].RmsErrors.VarianceMu >= error) continue;
            if (k == 0) return Points[0].MedianMilliseconds;
            var (a, b) = (Points[k - 1], Points[k]);
            var (la, lb) = (Math.Log(a.RmsErrors.VarianceMu), Math.Log(b.RmsErrors.VarianceMu));
            var fraction = (Math.Log(error) - la) / (lb - la);
            return Math.Exp(Math.Log(a.MedianMilliseconds) + fraction * (Math.Log(b.MedianMilliseconds) - Math.Log(a.MedianMilliseconds)));
        }
        return null;
    }
}

/// <summary>Settings of an accuracy-vs-time sweep: the chain lengths, chains per length, burn-in and MH step sizes.</summary>
public sealed record McmcSweepSettings(int[] Draws, int Chains, int GibbsBurnIn = 100, int MetropolisBurnIn = 500,
    double MuStep = 0.15, double LogTauStep = 0.4, int Seed = 0)
{
    public void Validate()
    {
        if (Draws.Length == 0 || Draws.Any(d => d < 2)) throw new ArgumentException("McmcSweepSettings.Draws: give at least one chain length, each ≥ 2.");
        if (Chains < 1) throw new ArgumentException($"McmcSweepSettings.Chains must be ≥ 1 (got {Chains}).");
        if (GibbsBurnIn < 0 || MetropolisBurnIn < 0) throw new ArgumentException("McmcSweepSettings: burn-in must be ≥ 0.");
        if (MuStep <= 0 || LogTauStep <= 0) throw new ArgumentException("McmcSweepSettings: step sizes must be > 0.");
    }
}

/// <summary>
/// Runs a sampler for every chain length, <c>Chains</c> independent chains each, timing every chain and scoring its
/// moments against the exact posterior (notebook 02, §3: VI vs MCMC).
/// </summary>
public static class McmcAccuracy
{
    public static McmcAccuracyCurve Sweep(NormalGammaModel model, NormalGammaSampler sampler, McmcSweepSettings settings)
    {
        settings.Validate();
        var truth = PosteriorMoments.Of(model.Posterior());
        var points = new List<McmcAccuracyPoint>();
        for (var k = 0; k < settings.Draws.Length; k++)
        {
            var times = new double[settings.Chains];
            double sumMu = 0, sumVar = 0, sumTau = 0;
            for (var c = 0; c < settings.Chains; c++)
            {
                var random = new Random(settings.Seed + 10_000 * (k + 1) + c + (sampler == NormalGammaSampler.Gibbs ? 0 : 5_000_000));
                var watch = Stopwatch.StartNew();
                var chain = sampler == NormalGammaSampler.Gibbs
                    ? NormalGammaSamplers.Gibbs(model, settings.Draws[k], settings.GibbsBurnIn, random)
                    : NormalGammaSamplers.Metropolis(model, settings.Draws[k], settings.MetropolisBurnIn, settings.MuStep, settings.LogTauStep, random);
                times[c] = watch.Elapsed.TotalMilliseconds;
                var e = MomentErrors.Of(PosteriorMoments.Of(chain), truth);
                sumMu += e.MeanMu * e.MeanMu; sumVar += e.VarianceMu * e.VarianceMu; sumTau += e.MeanTau * e.MeanTau;
            }
            Array.Sort(times);
            var n = settings.Chains;
            points.Add(new(settings.Draws[k], times[n / 2], new MomentErrors(Math.Sqrt(sumMu / n), Math.Sqrt(sumVar / n), Math.Sqrt(sumTau / n))));
        }
        return new McmcAccuracyCurve(sampler, settings.Chains, points);
    }
}
