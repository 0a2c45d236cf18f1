using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>
/// z ~ N(0, I_L), x | z ~ N(W z + b, σ² I_D) (probabilistic PCA): a latent-variable model like the VAE's, but
/// linear, so p(x) = N(b, W Wᵀ + σ² I) and p(z | x) are exact. Used to measure what amortised inference costs.
/// </summary>
public sealed class LinearGaussianLatentModel
{
    public LinearGaussianLatentModel(double[,] weights, double[] bias, double noiseVariance)
    {
        if (weights.GetLength(0) != bias.Length)
            throw new ArgumentException($"W has {weights.GetLength(0)} rows but b has {bias.Length} entries: both must equal the data dimension.");
        if (!(noiseVariance > 0)) throw new ArgumentOutOfRangeException(nameof(noiseVariance), "The noise variance must be positive.");
        Weights = weights; Bias = bias; NoiseVariance = noiseVariance;
        var l = LatentDimension;
        var precision = new double[l, l];
        for (var i = 0; i < l; i++)
        for (var j = 0; j < l; j++)
        {
            var wtw = 0.0;
            for (var d = 0; d < DataDimension; d++) wtw += weights[d, i] * weights[d, j];
            precision[i, j] = (i == j ? 1 : 0) + wtw / noiseVariance;
        }
        PosteriorPrecision = precision;
        PosteriorCovariance = SmallMatrix.Inverse(precision);
        var marginal = new double[DataDimension, DataDimension];
        for (var a = 0; a < DataDimension; a++)
        for (var c = 0; c < DataDimension; c++)
        {
            var sum = a == c ? noiseVariance : 0;
            for (var i = 0; i < l; i++) sum += weights[a, i] * weights[c, i];
            marginal[a, c] = sum;
        }
        marginalCholesky = SmallMatrix.Cholesky(marginal);
        marginalLogDet = SmallMatrix.LogDeterminant(marginal);
    }

    private readonly double[,] marginalCholesky;
    private readonly double marginalLogDet;

    public double[,] Weights { get; }
    public double[] Bias { get; }
    public double NoiseVariance { get; }
    public int DataDimension => Bias.Length;
    public int LatentDimension => Weights.GetLength(1);
    /// <summary>Λ = I + WᵀW/σ², the same for every x.</summary>
    public double[,] PosteriorPrecision { get; }
    public double[,] PosteriorCovariance { get; }

    /// <summary>A model with weights and bias drawn from N(0, 1) by a seeded generator.</summary>
    public static LinearGaussianLatentModel Random(int dataDimension, int latentDimension, double noiseVariance, Random random)
    {
        var w = new double[dataDimension, latentDimension];
        for (var d = 0; d < dataDimension; d++) for (var l = 0; l < latentDimension; l++) w[d, l] = SpecialFunctions.StandardNormal(random);
        var b = Enumerable.Range(0, dataDimension).Select(_ => SpecialFunctions.StandardNormal(random)).ToArray();
        return new LinearGaussianLatentModel(w, b, noiseVariance);
    }

    public double[][] Sample(int count, Random random)
    {
        var result = new double[count][];
        for (var n = 0; n < count; n++)
        {
            var z = Enumerable.Range(0, LatentDimension).Select(_ => SpecialFunctions.StandardNormal(random)).ToArray();
            var mean = Mean(z);
            result[n] = mean.Select(m => m + Math.Sqrt(NoiseVariance) * SpecialFunctions.StandardNormal(random)).ToArray();
        }
        return result;
    }

    /// <summary>log p(x) = log N(x; b, W Wᵀ + σ² I).</summary>
    public double LogEvidence(double[] x)
    {
        CheckX(x);
        var centred = x.Select((v, i) => v - Bias[i]).ToArray();
        var solved = SmallMatrix.Solve(marginalCholesky, centred);
        var quad = centred.Select((v, i) => v * solved[i]).Sum();
        return -0.5 * (DataDimension * Math.Log(2 * Math.PI) + marginalLogDet + quad);
    }

    /// <summary>
    /// The naive estimate log (1/S) Σ_s p(x | z_s) with z_s drawn from the prior: unbiased for p(x) but, when
    /// p(x | z) is sharp, almost every draw misses the region that matters. This is why inference needs a q(z | x).
    /// </summary>
    public double PriorMonteCarloLogEvidence(double[] x, int samples, Random random)
    {
        CheckX(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var logLikelihoods = new double[samples];
        var z = new double[LatentDimension];
        for (var s = 0; s < samples; s++)
        {
            for (var l = 0; l < LatentDimension; l++) z[l] = SpecialFunctions.StandardNormal(random);
            var mean = Mean(z);
            var sum = 0.0;
            for (var d = 0; d < DataDimension; d++) sum += SpecialFunctions.LogNormalDensity(x[d], mean[d], NoiseVariance);
            logLikelihoods[s] = sum;
        }
        return SpecialFunctions.LogSumExp(logLikelihoods) - Math.Log(samples);
    }

    /// <summary>Mean of p(z | x) = Λ⁻¹ Wᵀ(x − b)/σ².</summary>
    public double[] PosteriorMean(double[] x)
    {
        CheckX(x);
        var projected = new double[LatentDimension];
        for (var l = 0; l < LatentDimension; l++)
        for (var d = 0; d < DataDimension; d++) projected[l] += Weights[d, l] * (x[d] - Bias[d]) / NoiseVariance;
        return SmallMatrix.Multiply(PosteriorCovariance, projected);
    }

    /// <summary>The best factorised Gaussian for one x (minimises KL(q ‖ p(z | x))): mean = posterior mean, variances 1/Λ_ll.</summary>
    public DiagonalGaussian BestDiagonalQ(double[] x) =>
        new(PosteriorMean(x), Enumerable.Range(0, LatentDimension).Select(l => 1 / PosteriorPrecision[l, l]).ToArray());

    /// <summary>ELBO(x, q) = E_q[log p(x | z)] − KL(q ‖ N(0, I)) for a factorised Gaussian q, in closed form.</summary>
    public double Elbo(double[] x, DiagonalGaussian q)
    {
        CheckX(x);
        if (q.Mean.Length != LatentDimension || q.Variance.Length != LatentDimension)
            throw new ArgumentException($"q must have {LatentDimension} means and variances.");
        var mean = Mean(q.Mean);
        var squaredError = 0.0;
        for (var d = 0; d < DataDimension; d++) squaredError += (x[d] - mean[d]) * (x[d] - mean[d]);
        var spread = 0.0;
        for (var l = 0; l < LatentDimension; l++)
        for (var d = 0; d < DataDimension; d++) spread += q.Variance[l] * Weights[d, l] * Weights[d, l];
        var expectedLogLikelihood = -0.5 * DataDimension * Math.Log(2 * Math.PI * NoiseVariance) - (squaredError + spread) / (2 * NoiseVariance);
        var kl = 0.0;
        for (var l = 0; l < LatentDimension; l++) kl += 0.5 * (q.Variance[l] + q.Mean[l] * q.Mean[l] - 1 - Math.Log(q.Variance[l]));
        return expectedLogLikelihood - kl;
    }

    /// <summary>KL(q ‖ p(z | x)) for a factorised q.</summary>
    public double KlToPosterior(double[] x, DiagonalGaussian q) =>
        SmallMatrix.GaussianKl(q.Mean, q.Covariance, PosteriorMean(x), PosteriorCovariance);

    private double[] Mean(double[] z)
    {
        var mean = (double[])Bias.Clone();
        for (var d = 0; d < DataDimension; d++)
        for (var l = 0; l < LatentDimension; l++) mean[d] += Weights[d, l] * z[l];
        return mean;
    }

    private void CheckX(double[] x)
    {
        if (x.Length != DataDimension) throw new ArgumentException($"x has {x.Length} entries; the model's data dimension is {DataDimension}.");
    }
}
