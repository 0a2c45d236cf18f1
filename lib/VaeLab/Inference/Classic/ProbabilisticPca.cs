using static TorchSharp.torch;

namespace VaeLab.Inference.Classic;

/// <summary>
/// The closed-form optimum of probabilistic PCA with a fixed noise variance, and of the linear VAE that shares its
/// decoder — the setting in which posterior collapse can be solved exactly (Lucas et al. 2019, "Don't blame the ELBO!").
/// <para>
/// Model (Tipping &amp; Bishop 1999): z ~ N(0, I_k), x | z ~ N(W z + μ, σ² I_D), so x ~ N(μ, C) with C = W Wᵀ + σ² I.
/// With S = U diag(λ) Uᵀ the data covariance (λ_1 ≥ … ≥ λ_D), the likelihood −(N/2)[D log 2π + log|C| + tr(C⁻¹S)] is
/// maximised over W, σ² held fixed, by W = U_k diag(√max(0, λ_i − σ²)) (times any rotation; Tipping &amp; Bishop
/// 1999, eq. 7 with σ² given): a direction whose variance does not exceed the noise gets a zero column.
/// </para>
/// <para>
/// Derivation of the linear VAE's optimum (encoder q(z | x) = N(V x + c, diag s²), decoder as above): for any q,
/// ELBO(x) = log p(x) − KL(q(z | x) ‖ p(z | x)) and p(z | x) = N(M⁻¹Wᵀ(x − μ), σ² M⁻¹) with M = WᵀW + σ² I. For the W
/// above (no rotation), WᵀW = diag(max(0, λ_i − σ²)) is diagonal, so p(z | x) is itself a diagonal Gaussian with a
/// linear mean: the encoder family contains it, the KL to it is 0 at V = M⁻¹Wᵀ, c = −V μ, s_i² = σ² / M_ii, and the
/// ELBO equals the maximum log-likelihood — the linear VAE's global optimum is pPCA's (Lucas et al. 2019). Per
/// dimension: for λ_i &gt; σ², M_ii = λ_i, so v_i = (√(λ_i − σ²) / λ_i) u_i and s_i² = σ² / λ_i; the posterior mean
/// m_i = v_iᵀ(x − μ) has E_x[m_i²] = (λ_i − σ²) / λ_i, and E_x KL(q(z_i | x) ‖ N(0, 1)) = ½ (E m_i² + s_i² − 1 −
/// log s_i²) = ½ log(λ_i / σ²). For λ_i ≤ σ², w_i = 0, M_ii = σ², so v_i = 0 and s_i² = 1: q(z_i | x) = p(z_i) for
/// every x and the KL is exactly 0. Posterior collapse of those dimensions is the optimum of the objective, not a
/// failure of optimisation. The maximum mean log-likelihood, with a = #{i ≤ k : λ_i &gt; σ²}, is
/// −½ [D log 2π + Σ_{i≤a} log λ_i + (D − a) log σ² + a + Σ_{i&gt;a} λ_i / σ²].
/// </para>
/// </summary>
public sealed class ProbabilisticPca
{
    private ProbabilisticPca(double[] mean, double[,] covariance, double[] eigenvalues, double[,] eigenvectors, int latentDimension, double noiseVariance)
    {
        Mean = mean;
        Covariance = covariance;
        Eigenvalues = eigenvalues;
        Eigenvectors = eigenvectors;
        LatentDimension = latentDimension;
        NoiseVariance = noiseVariance;
        int d = mean.Length, k = latentDimension;

        Weights = new double[d, k];
        EncoderWeights = new double[k, d];
        EncoderBias = new double[k];
        EncoderVariances = new double[k];
        KlPerDimension = new double[k];
        Collapsed = new bool[k];
        for (var i = 0; i < k; i++)
        {
            var lambda = eigenvalues[i];
            Collapsed[i] = lambda <= noiseVariance;
            if (Collapsed[i])
            {
                EncoderVariances[i] = 1; // q(z_i | x) = N(0, 1) = p(z_i)
                continue;
            }
            var scale = Math.Sqrt(lambda - noiseVariance);
            for (var a = 0; a < d; a++)
            {
                Weights[a, i] = scale * eigenvectors[a, i];
                EncoderWeights[i, a] = scale / lambda * eigenvectors[a, i];
                EncoderBias[i] -= EncoderWeights[i, a] * mean[a];
            }
            EncoderVariances[i] = noiseVariance / lambda;
            KlPerDimension[i] = 0.5 * Math.Log(lambda / noiseVariance);
        }
        ActiveCount = Collapsed.Count(c => !c);

        var logLikelihood = d * Math.Log(2 * Math.PI) + (d - ActiveCount) * Math.Log(noiseVariance) + ActiveCount;
        for (var i = 0; i < d; i++)
            logLikelihood += i < ActiveCount ? Math.Log(eigenvalues[i]) : eigenvalues[i] / noiseVariance;
        MeanLogLikelihood = -0.5 * logLikelihood;
    }

    /// <summary>μ [D], also the decoder bias b.</summary>
    public double[] Mean { get; }

    /// <summary>S [D, D], the (1/N) data covariance.</summary>
    public double[,] Covariance { get; }

    /// <summary>λ_1 ≥ … ≥ λ_D, the eigenvalues of S.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>[D, D]: column i is u_i (unit length, sign fixed so its largest-magnitude entry is positive).</summary>
    public double[,] Eigenvectors { get; }

    public int DataDimension => Mean.Length;

    /// <summary>k, the number of latent dimensions (columns of W).</summary>
    public int LatentDimension { get; }

    /// <summary>σ², fixed.</summary>
    public double NoiseVariance { get; }

    /// <summary>W [D, k]: column i = √(λ_i − σ²) u_i if λ_i &gt; σ², else 0.</summary>
    public double[,] Weights { get; }

    /// <summary>Per latent dimension: true when λ_i ≤ σ², i.e. the dimension is switched off at the optimum.</summary>
    public bool[] Collapsed { get; }

    /// <summary>How many of the k latent dimensions are used (λ_i &gt; σ²).</summary>
    public int ActiveCount { get; }

    /// <summary>The optimal linear-VAE encoder's V [k, D]: row i = (√(λ_i − σ²) / λ_i) u_iᵀ, or 0.</summary>
    public double[,] EncoderWeights { get; }

    /// <summary>c [k] = −V μ.</summary>
    public double[] EncoderBias { get; }

    /// <summary>s² [k]: σ² / λ_i, or 1 for a collapsed dimension.</summary>
    public double[] EncoderVariances { get; }

    /// <summary>E_x KL(q(z_i | x) ‖ N(0, 1)) at the optimum: ½ log(λ_i / σ²), exactly 0 for a collapsed dimension.</summary>
    public double[] KlPerDimension { get; }

    /// <summary>
    /// The maximum of (1/N) Σ_n log p(x_n) over W at fixed σ², in nats per data point; also the linear VAE's mean
    /// ELBO at its optimum.
    /// </summary>
    public double MeanLogLikelihood { get; }

    /// <summary>The linear VAE's mean ELBO at (<see cref="Weights"/>, <see cref="Mean"/>, the optimal encoder),
    /// evaluated by <see cref="LinearVae.AverageElbo"/>: equal to <see cref="MeanLogLikelihood"/>, the bound is tight.</summary>
    public double MeanElbo() =>
        LinearVae.AverageElbo(Mean, Covariance, Weights, Mean, NoiseVariance, EncoderWeights, EncoderBias, EncoderVariances);

    /// <summary>The fitted pPCA as a <see cref="LinearGaussianLatentModel"/> (for exact log p(x) per point).</summary>
    public LinearGaussianLatentModel ToModel() => new((double[,])Weights.Clone(), (double[])Mean.Clone(), NoiseVariance);

    /// <summary>Fits to data rows [N][D] via their mean and (1/N) covariance.</summary>
    public static ProbabilisticPca Fit(double[][] data, int latentDimension, double noiseVariance)
    {
        if (data.Length < 1 || data[0].Length < 1 || data.Any(r => r.Length != data[0].Length))
            throw new ArgumentException("Data must be a non-empty set of rows of one non-zero length.");
        int n = data.Length, d = data[0].Length;
        var mean = new double[d];
        foreach (var row in data) for (var a = 0; a < d; a++) mean[a] += row[a] / n;
        var covariance = new double[d, d];
        foreach (var row in data)
        for (var a = 0; a < d; a++)
        for (var b = 0; b <= a; b++) covariance[a, b] += (row[a] - mean[a]) * (row[b] - mean[b]) / n;
        for (var a = 0; a < d; a++) for (var b = a + 1; b < d; b++) covariance[a, b] = covariance[b, a];
        return FromCovariance(mean, covariance, latentDimension, noiseVariance);
    }

    /// <summary>Fits from a data mean [D] and (1/N) covariance [D, D] (symmetric, positive semi-definite).</summary>
    public static ProbabilisticPca FromCovariance(double[] mean, double[,] covariance, int latentDimension, double noiseVariance)
    {
        var d = mean.Length;
        if (d < 1 || covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"The covariance must be {d}×{d} to match the mean; got {covariance.GetLength(0)}×{covariance.GetLength(1)}.");
        if (latentDimension < 1 || latentDimension > d)
            throw new ArgumentException($"The latent dimension must be between 1 and the data dimension {d}; got {latentDimension}.");
        if (!(noiseVariance > 0) || !double.IsFinite(noiseVariance))
            throw new ArgumentException($"The noise variance σ² must be a finite number > 0; got {noiseVariance}.");
        for (var a = 0; a < d; a++)
        for (var b = 0; b < d; b++)
        {
            if (!double.IsFinite(covariance[a, b]))
                throw new ArgumentException($"The covariance has a non-finite entry at [{a}, {b}].");
            if (Math.Abs(covariance[a, b] - covariance[b, a]) > 1e-9 * (1 + Math.Abs(covariance[a, b])))
                throw new ArgumentException($"The covariance is not symmetric at [{a}, {b}]; pass (S + Sᵀ) / 2.");
        }
        var (eigenvalues, eigenvectors) = SymmetricEigen(covariance);
        if (eigenvalues[^1] < -1e-9 * Math.Max(1, eigenvalues[0]))
            throw new ArgumentException($"The covariance has a negative eigenvalue {eigenvalues[^1]}; it must be positive semi-definite.");
        for (var i = 0; i < d; i++) eigenvalues[i] = Math.Max(0, eigenvalues[i]);
        return new ProbabilisticPca((double[])mean.Clone(), (double[,])covariance.Clone(), eigenvalues, eigenvectors, latentDimension, noiseVariance);
    }

    /// <summary>Eigenvalues in descending order and unit eigenvectors as columns (libtorch's symmetric solver, Float64).</summary>
    private static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var d = matrix.GetLength(0);
        var flat = new double[d * d];
        Buffer.BlockCopy(matrix, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(tensor(flat, [d, d], dtype: ScalarType.Float64));
        var ascendingValues = values.data<double>().ToArray();
        var ascendingVectors = vectors.contiguous().data<double>().ToArray(); // row-major [d, d], columns are vectors
        var resultValues = new double[d];
        var resultVectors = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            var source = d - 1 - i; // descending
            resultValues[i] = ascendingValues[source];
            var largest = 0;
            for (var a = 1; a < d; a++)
                if (Math.Abs(ascendingVectors[a * d + source]) > Math.Abs(ascendingVectors[largest * d + source])) largest = a;
            var sign = ascendingVectors[largest * d + source] < 0 ? -1.0 : 1.0;
            for (var a = 0; a < d; a++) resultVectors[a, i] = sign * ascendingVectors[a * d + source];
        }
        return (resultValues, resultVectors);
    }
}
