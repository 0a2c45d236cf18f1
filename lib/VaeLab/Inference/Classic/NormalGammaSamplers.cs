using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>Draws of (μ, τ) from an MCMC run, with the acceptance rate (1 for Gibbs).</summary>
public sealed record McmcChain(double[] Mu, double[] Tau, double AcceptanceRate)
{
    public int Length => Mu.Length;
}

/// <summary>Two MCMC samplers for <see cref="NormalGammaModel"/>'s posterior, each seeded by a <see cref="Random"/>.</summary>
public static class NormalGammaSamplers
{
    /// <summary>
    /// Gibbs sampling with the exact full conditionals: μ | τ, x ~ N(μ_N, 1/((λ₀ + N) τ)) and
    /// τ | μ, x ~ Gamma(a₀ + (N+1)/2, b₀ + ½[Σ(x_i − μ)² + λ₀(μ − μ₀)²]). The first <paramref name="burnIn"/> draws are dropped.
    /// </summary>
    public static McmcChain Gibbs(NormalGammaModel model, int draws, int burnIn, Random random, double startTau = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(burnIn);
        var (mu0, l0, a0, b0) = model.Prior;
        var n = model.Count;
        var muN = (l0 * mu0 + n * model.Mean) / (l0 + n);
        var tau = startTau;
        var mus = new double[draws];
        var taus = new double[draws];
        for (var t = 0; t < draws + burnIn; t++)
        {
            var mu = muN + SpecialFunctions.StandardNormal(random) / Math.Sqrt((l0 + n) * tau);
            var scatter = model.SumSquares - 2 * mu * n * model.Mean + n * mu * mu;
            tau = SpecialFunctions.Gamma(random, a0 + (n + 1) / 2.0, b0 + 0.5 * (scatter + l0 * (mu - mu0) * (mu - mu0)));
            if (t >= burnIn) { mus[t - burnIn] = mu; taus[t - burnIn] = tau; }
        }
        return new McmcChain(mus, taus, 1);
    }

    /// <summary>
    /// Random-walk Metropolis–Hastings on (μ, log τ) with Gaussian steps of the given sizes; the target includes the
    /// Jacobian τ of the log transform. Accept with probability min(1, p(x, μ', τ') τ' / (p(x, μ, τ) τ)).
    /// </summary>
    public static McmcChain Metropolis(NormalGammaModel model, int draws, int burnIn, double muStep, double logTauStep,
        Random random, double startMu = 0, double startTau = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(burnIn);
        if (!(muStep > 0) || !(logTauStep > 0)) throw new ArgumentOutOfRangeException(nameof(muStep), "Step sizes must be positive.");
        double Target(double mu, double logTau) => model.LogJoint(mu, Math.Exp(logTau)) + logTau;
        var (m, lt) = (startMu, Math.Log(startTau));
        var current = Target(m, lt);
        var accepted = 0;
        var mus = new double[draws];
        var taus = new double[draws];
        for (var t = 0; t < draws + burnIn; t++)
        {
            var mProposal = m + muStep * SpecialFunctions.StandardNormal(random);
            var ltProposal = lt + logTauStep * SpecialFunctions.StandardNormal(random);
            var proposal = Target(mProposal, ltProposal);
            if (Math.Log(1.0 - random.NextDouble()) < proposal - current)
            {
                (m, lt, current) = (mProposal, ltProposal, proposal);
                if (t >= burnIn) accepted++;
            }
            if (t >= burnIn) { mus[t - burnIn] = m; taus[t - burnIn] = Math.Exp(lt); }
        }
        return new McmcChain(mus, taus, accepted / (double)draws);
    }
}
