using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>Mean-field factors q(μ) = N(MuMean, 1/MuPrecision) and q(τ) = Gamma(TauShape, TauRate).</summary>
public sealed record MeanFieldNormalGamma(double MuMean, double MuPrecision, double TauShape, double TauRate)
{
    public double MeanOfTau => TauShape / TauRate;
    public double VarianceOfMu => 1 / MuPrecision;
    public double VarianceOfTau => TauShape / (TauRate * TauRate);

    /// <summary>log q(μ) + log q(τ).</summary>
    public double LogDensity(double mu, double tau)
    {
        if (!(tau > 0)) return double.NegativeInfinity;
        return SpecialFunctions.LogNormalDensity(mu, MuMean, 1 / MuPrecision)
               + TauShape * Math.Log(TauRate) - SpecialFunctions.LogGamma(TauShape) + (TauShape - 1) * Math.Log(tau) - TauRate * tau;
    }
}

/// <summary>One CAVI half-step: which factor was updated and the ELBO after it.</summary>
public sealed record CaviStep(int Iteration, string Updated, MeanFieldNormalGamma State, double Elbo);

/// <summary>
/// Coordinate-ascent VI for <see cref="NormalGammaModel"/> (Bishop eqs. 10.26–10.30): alternately set q(μ) and q(τ)
/// to their optimal forms given the other, q*_j ∝ exp E_{−j}[log p(x, μ, τ)]. Each update maximises the ELBO in one
/// factor, so the ELBO cannot fall.
/// </summary>
public sealed class NormalGammaCavi(NormalGammaModel model)
{
    public NormalGammaModel Model { get; } = model;

    /// <summary>q(μ) given q(τ): N((λ₀μ₀ + N x̄)/(λ₀ + N), 1/((λ₀ + N) E[τ])).</summary>
    public MeanFieldNormalGamma UpdateMu(MeanFieldNormalGamma q)
    {
        var (mu0, l0, _, _) = Model.Prior;
        var n = Model.Count;
        return q with { MuMean = (l0 * mu0 + n * Model.Mean) / (l0 + n), MuPrecision = (l0 + n) * q.MeanOfTau };
    }

    /// <summary>q(τ) given q(μ): Gamma(a₀ + (N+1)/2, b₀ + ½ E_μ[Σ(x_i − μ)² + λ₀(μ − μ₀)²]).</summary>
    public MeanFieldNormalGamma UpdateTau(MeanFieldNormalGamma q)
    {
        var (mu0, l0, a0, b0) = Model.Prior;
        var n = Model.Count;
        var varMu = 1 / q.MuPrecision;
        var expectedScatter = Model.SumSquares - 2 * q.MuMean * n * Model.Mean + n * (q.MuMean * q.MuMean + varMu);
        var expectedPrior = l0 * ((q.MuMean - mu0) * (q.MuMean - mu0) + varMu);
        return q with { TauShape = a0 + (n + 1) / 2.0, TauRate = b0 + 0.5 * (expectedScatter + expectedPrior) };
    }

    /// <summary>ELBO = E_q[log p(x | μ, τ) + log p(μ | τ) + log p(τ)] + H[q(μ)] + H[q(τ)], in closed form.</summary>
    public double Elbo(MeanFieldNormalGamma q)
    {
        if (!(q.MuPrecision > 0) || !(q.TauShape > 0) || !(q.TauRate > 0)) throw new ArgumentException($"Invalid q: {q}.");
        var (mu0, l0, a0, b0) = Model.Prior;
        var n = Model.Count;
        var eTau = q.MeanOfTau;
        var eLogTau = SpecialFunctions.Digamma(q.TauShape) - Math.Log(q.TauRate);
        var varMu = 1 / q.MuPrecision;
        var expectedScatter = Model.SumSquares - 2 * q.MuMean * n * Model.Mean + n * (q.MuMean * q.MuMean + varMu);
        var logLikelihood = 0.5 * n * (eLogTau - Math.Log(2 * Math.PI)) - 0.5 * eTau * expectedScatter;
        var logPriorMu = 0.5 * (Math.Log(l0) + eLogTau - Math.Log(2 * Math.PI)) - 0.5 * l0 * eTau * ((q.MuMean - mu0) * (q.MuMean - mu0) + varMu);
        var logPriorTau = a0 * Math.Log(b0) - SpecialFunctions.LogGamma(a0) + (a0 - 1) * eLogTau - b0 * eTau;
        var entropyMu = 0.5 * Math.Log(2 * Math.PI * Math.E * varMu);
        var entropyTau = q.TauShape - Math.Log(q.TauRate) + SpecialFunctions.LogGamma(q.TauShape) + (1 - q.TauShape) * SpecialFunctions.Digamma(q.TauShape);
        return logLikelihood + logPriorMu + logPriorTau + entropyMu + entropyTau;
    }

    /// <summary>Runs <paramref name="iterations"/> sweeps (μ then τ) from <paramref name="start"/>; returns the start and every half-step.</summary>
    public IReadOnlyList<CaviStep> Run(MeanFieldNormalGamma start, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var steps = new List<CaviStep> { new(0, "start", start, Elbo(start)) };
        var q = start;
        for (var i = 1; i <= iterations; i++)
        {
            q = UpdateMu(q);
            steps.Add(new CaviStep(i, "q(mu)", q, Elbo(q)));
            q = UpdateTau(q);
            steps.Add(new CaviStep(i, "q(tau)", q, Elbo(q)));
        }
        return steps;
    }
}
