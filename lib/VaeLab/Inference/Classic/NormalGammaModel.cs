using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>Normal-Gamma hyper-parameters: τ ~ Gamma(A, B) (rate B), μ | τ ~ N(Mu, 1/(Lambda τ)).</summary>
public sealed record NormalGamma(double Mu, double Lambda, double A, double B)
{
    public void Validate()
    {
        if (!double.IsFinite(Mu) || !(Lambda > 0) || !(A > 0) || !(B > 0))
            throw new ArgumentException($"Normal-Gamma needs a finite Mu and Lambda, A, B > 0 (got {this}).");
    }

    public double MeanOfMu => Mu;
    /// <summary>Var[μ] of the Student-t marginal, B / (Lambda (A − 1)); infinite when A ≤ 1.</summary>
    public double VarianceOfMu => A > 1 ? B / (Lambda * (A - 1)) : double.PositiveInfinity;
    public double MeanOfTau => A / B;
    public double VarianceOfTau => A / (B * B);

    /// <summary>log of the joint density over (μ, τ).</summary>
    public double LogDensity(double mu, double tau)
    {
        if (!(tau > 0)) return double.NegativeInfinity;
        var logGamma = A * Math.Log(B) - SpecialFunctions.LogGamma(A) + (A - 1) * Math.Log(tau) - B * tau;
        return logGamma + SpecialFunctions.LogNormalDensity(mu, Mu, 1 / (Lambda * tau));
    }
}

/// <summary>
/// x_i ~ N(μ, 1/τ) with the conjugate Normal-Gamma prior (Bishop §10.1.3): the posterior is Normal-Gamma and the
/// evidence is closed form, so mean-field VI and MCMC can both be scored against the truth.
/// </summary>
public sealed class NormalGammaModel
{
    public NormalGammaModel(NormalGamma prior, double[] data)
    {
        prior.Validate();
        if (data.Length == 0 || data.Any(x => !double.IsFinite(x))) throw new ArgumentException("Data must be a non-empty array of finite numbers.", nameof(data));
        Prior = prior;
        Data = data;
        Count = data.Length;
        Mean = data.Average();
        SumSquares = data.Sum(x => x * x);
    }

    public NormalGamma Prior { get; }
    public IReadOnlyList<double> Data { get; }
    public int Count { get; }
    public double Mean { get; }
    public double SumSquares { get; }

    /// <summary>The exact posterior (conjugate update).</summary>
    public NormalGamma Posterior()
    {
        var (mu0, l0, a0, b0) = Prior;
        var n = Count;
        var scatter = SumSquares - n * Mean * Mean;
        var lambda = l0 + n;
        return new NormalGamma((l0 * mu0 + n * Mean) / lambda, lambda, a0 + n / 2.0,
            b0 + 0.5 * scatter + l0 * n * (Mean - mu0) * (Mean - mu0) / (2 * lambda));
    }

    /// <summary>log p(x) in closed form.</summary>
    public double LogEvidence()
    {
        var post = Posterior();
        return SpecialFunctions.LogGamma(post.A) - SpecialFunctions.LogGamma(Prior.A) + Prior.A * Math.Log(Prior.B)
               - post.A * Math.Log(post.B) + 0.5 * Math.Log(Prior.Lambda / post.Lambda) - 0.5 * Count * Math.Log(2 * Math.PI);
    }

    /// <summary>log p(x, μ, τ).</summary>
    public double LogJoint(double mu, double tau)
    {
        if (!(tau > 0)) return double.NegativeInfinity;
        var likelihood = 0.5 * Count * (Math.Log(tau) - Math.Log(2 * Math.PI))
                         - 0.5 * tau * (SumSquares - 2 * mu * Count * Mean + Count * mu * mu);
        return Prior.LogDensity(mu, tau) + likelihood;
    }
}
