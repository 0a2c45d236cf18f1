using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>A Gaussian q(z) = N(Mean, Variance) over a scalar latent.</summary>
public readonly record struct GaussianQ(double Mean, double Variance)
{
    public double Entropy => 0.5 * Math.Log(2 * Math.PI * Math.E * Variance);
}

/// <summary>
/// z ~ N(μ₀, s₀²), x_i | z ~ N(z, σ²) for i = 1..N: the smallest model whose evidence p(x) and posterior p(z | x)
/// are exact, so the ELBO identity log p(x) = ELBO(q) + KL(q ‖ p(z | x)) can be checked for any Gaussian q.
/// </summary>
public sealed class ConjugateGaussianModel
{
    public ConjugateGaussianModel(double priorMean, double priorVariance, double noiseVariance, double[] data)
    {
        if (!(priorVariance > 0) || !(noiseVariance > 0)) throw new ArgumentOutOfRangeException(nameof(priorVariance), "Variances must be positive.");
        if (data.Length == 0 || data.Any(x => !double.IsFinite(x))) throw new ArgumentException("Data must be a non-empty array of finite numbers.", nameof(data));
        PriorMean = priorMean; PriorVariance = priorVariance; NoiseVariance = noiseVariance; Data = data;
    }

    public double PriorMean { get; }
    public double PriorVariance { get; }
    public double NoiseVariance { get; }
    public IReadOnlyList<double> Data { get; }

    /// <summary>The exact posterior: precision 1/s₀² + N/σ², mean (μ₀/s₀² + Σx/σ²) / precision.</summary>
    public GaussianQ Posterior()
    {
        var precision = 1 / PriorVariance + Data.Count / NoiseVariance;
        return new GaussianQ((PriorMean / PriorVariance + Data.Sum() / NoiseVariance) / precision, 1 / precision);
    }

    /// <summary>log p(x, z) = log p(z) + Σ log p(x_i | z).</summary>
    public double LogJoint(double z)
    {
        var sum = SpecialFunctions.LogNormalDensity(z, PriorMean, PriorVariance);
        foreach (var x in Data) sum += SpecialFunctions.LogNormalDensity(x, z, NoiseVariance);
        return sum;
    }

    /// <summary>log p(x) = log p(x, z) − log p(z | x), valid at any z; evaluated at the posterior mean.</summary>
    public double LogEvidence()
    {
        var post = Posterior();
        return LogJoint(post.Mean) - SpecialFunctions.LogNormalDensity(post.Mean, post.Mean, post.Variance);
    }

    /// <summary>ELBO(q) = E_q[log p(x | z)] + E_q[log p(z)] + H[q], in closed form for Gaussian q.</summary>
    public double Elbo(GaussianQ q)
    {
        CheckQ(q);
        var expectedLikelihood = 0.0;
        foreach (var x in Data)
            expectedLikelihood += -0.5 * Math.Log(2 * Math.PI * NoiseVariance) - ((x - q.Mean) * (x - q.Mean) + q.Variance) / (2 * NoiseVariance);
        var expectedPrior = -0.5 * Math.Log(2 * Math.PI * PriorVariance)
                            - ((q.Mean - PriorMean) * (q.Mean - PriorMean) + q.Variance) / (2 * PriorVariance);
        return expectedLikelihood + expectedPrior + q.Entropy;
    }

    /// <summary>KL(q ‖ p(z | x)) between two scalar Gaussians.</summary>
    public double KlToPosterior(GaussianQ q)
    {
        CheckQ(q);
        var p = Posterior();
        return 0.5 * (Math.Log(p.Variance / q.Variance) + (q.Variance + (q.Mean - p.Mean) * (q.Mean - p.Mean)) / p.Variance - 1);
    }

    /// <summary>
    /// Monte Carlo with S draws z_s ~ q: returns (mean of log w_s, log of mean w_s) for w = p(x, z)/q(z). The first
    /// estimates the ELBO, the second log p(x); Jensen's inequality is the gap between them.
    /// </summary>
    public (double MeanLogWeight, double LogMeanWeight) MonteCarlo(GaussianQ q, int samples, Random random)
    {
        CheckQ(q);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var logWeights = new double[samples];
        var sd = Math.Sqrt(q.Variance);
        for (var s = 0; s < samples; s++)
        {
            var z = q.Mean + sd * SpecialFunctions.StandardNormal(random);
            logWeights[s] = LogJoint(z) - SpecialFunctions.LogNormalDensity(z, q.Mean, q.Variance);
        }
        return (logWeights.Average(), SpecialFunctions.LogSumExp(logWeights) - Math.Log(samples));
    }

    private static void CheckQ(GaussianQ q)
    {
        if (!(q.Variance > 0) || !double.IsFinite(q.Mean)) throw new ArgumentException($"q needs a finite mean and a positive variance (got {q}).", nameof(q));
    }
}
