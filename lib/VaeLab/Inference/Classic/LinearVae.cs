namespace VaeLab.Inference.Classic;

/// <summary>
/// The linear VAE of Lucas et al. 2019 ("Don't blame the ELBO! A linear VAE perspective on posterior collapse"):
/// decoder p(x | z) = N(W z + b, σ² I_D), prior p(z) = N(0, I_k), encoder q(z | x) = N(V x + c, diag s²) with the
/// variances s² the same for every x. Its ELBO is a quadratic in x, so its average over a data set depends only on
/// the data mean μ and (1/N) covariance S — no sampling, no loop over rows.
/// </summary>
public static class LinearVae
{
    /// <summary>
    /// E_x[ELBO(x)] = E_x E_q[log p(x | z)] − E_x KL(q(z | x) ‖ p(z)), in nats per data point, with
    /// E_q[log p(x | z)] = −(D/2) log 2πσ² − (‖x − W m − b‖² + Σ_i s_i² ‖w_i‖²) / 2σ² (m = V x + c) and
    /// E_x‖x − W m − b‖² = tr((I − WV) S (I − WV)ᵀ) + ‖(I − WV) μ − W c − b‖² (Kingma &amp; Welling 2013 for the
    /// Gaussian KL; Lucas et al. 2019 for the linear model).
    /// </summary>
    /// <param name="dataMean">μ [D].</param>
    /// <param name="dataCovariance">S [D, D], the (1/N) covariance of the data.</param>
    /// <param name="weights">W [D, k].</param>
    /// <param name="bias">b [D].</param>
    /// <param name="noiseVariance">σ².</param>
    /// <param name="encoderWeights">V [k, D].</param>
    /// <param name="encoderBias">c [k].</param>
    /// <param name="encoderVariances">s² [k].</param>
    public static double AverageElbo(double[] dataMean, double[,] dataCovariance, double[,] weights, double[] bias, double noiseVariance,
        double[,] encoderWeights, double[] encoderBias, double[] encoderVariances)
    {
        var (d, k) = CheckShapes(dataMean, dataCovariance, weights, bias, encoderWeights, encoderBias, encoderVariances);
        if (!(noiseVariance > 0)) throw new ArgumentOutOfRangeException(nameof(noiseVariance), noiseVariance, "The noise variance σ² must be > 0.");

        // R = I − W V, the map from x to the reconstruction error (before the constant part).
        var residualMap = new double[d, d];
        for (var a = 0; a < d; a++)
        for (var b = 0; b < d; b++)
        {
            var wv = 0.0;
            for (var i = 0; i < k; i++) wv += weights[a, i] * encoderWeights[i, b];
            residualMap[a, b] = (a == b ? 1 : 0) - wv;
        }
        var trace = 0.0; // tr(R S Rᵀ)
        for (var a = 0; a < d; a++)
        for (var b = 0; b < d; b++)
        for (var e = 0; e < d; e++) trace += residualMap[a, b] * dataCovariance[b, e] * residualMap[a, e];
        var offsetSquared = 0.0; // ‖R μ − W c − b‖²
        for (var a = 0; a < d; a++)
        {
            var offset = -bias[a];
            for (var b = 0; b < d; b++) offset += residualMap[a, b] * dataMean[b];
            for (var i = 0; i < k; i++) offset -= weights[a, i] * encoderBias[i];
            offsetSquared += offset * offset;
        }
        var spread = 0.0; // Σ_i s_i² ‖w_i‖²
        for (var i = 0; i < k; i++)
        for (var a = 0; a < d; a++) spread += encoderVariances[i] * weights[a, i] * weights[a, i];
        var expectedLogLikelihood = -0.5 * d * Math.Log(2 * Math.PI * noiseVariance) - (trace + offsetSquared + spread) / (2 * noiseVariance);
        var kl = AverageKlPerDimension(dataMean, dataCovariance, encoderWeights, encoderBias, encoderVariances).Sum();
        return expectedLogLikelihood - kl;
    }

    /// <summary>
    /// E_x KL(q(z_i | x) ‖ N(0, 1)) for each latent dimension i: ½ (E_x[m_i²] + s_i² − 1 − log s_i²) with
    /// E_x[m_i²] = (V S Vᵀ)_ii + ((V μ + c)_i)² (Kingma &amp; Welling 2013, appendix B).
    /// </summary>
    public static double[] AverageKlPerDimension(double[] dataMean, double[,] dataCovariance, double[,] encoderWeights, double[] encoderBias, double[] encoderVariances)
    {
        var d = dataMean.Length;
        var k = encoderBias.Length;
        if (encoderWeights.GetLength(0) != k || encoderWeights.GetLength(1) != d || encoderVariances.Length != k
            || dataCovariance.GetLength(0) != d || dataCovariance.GetLength(1) != d)
            throw new ArgumentException($"Shapes do not fit: μ [{d}], S [{dataCovariance.GetLength(0)}, {dataCovariance.GetLength(1)}], V [{encoderWeights.GetLength(0)}, {encoderWeights.GetLength(1)}], c [{k}], s² [{encoderVariances.Length}].");
        var kl = new double[k];
        for (var i = 0; i < k; i++)
        {
            if (!(encoderVariances[i] > 0)) throw new ArgumentOutOfRangeException(nameof(encoderVariances), encoderVariances[i], "Encoder variances must be > 0.");
            var meanOfMean = encoderBias[i];
            var varianceOfMean = 0.0;
            for (var a = 0; a < d; a++)
            {
                meanOfMean += encoderWeights[i, a] * dataMean[a];
                for (var b = 0; b < d; b++) varianceOfMean += encoderWeights[i, a] * dataCovariance[a, b] * encoderWeights[i, b];
            }
            var s2 = encoderVariances[i];
            kl[i] = 0.5 * (varianceOfMean + meanOfMean * meanOfMean + s2 - 1 - Math.Log(s2));
        }
        return kl;
    }

    private static (int D, int K) CheckShapes(double[] mean, double[,] covariance, double[,] weights, double[] bias,
        double[,] encoderWeights, double[] encoderBias, double[] encoderVariances)
    {
        int d = mean.Length, k = weights.GetLength(1);
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d || weights.GetLength(0) != d || bias.Length != d
            || encoderWeights.GetLength(0) != k || encoderWeights.GetLength(1) != d || encoderBias.Length != k || encoderVariances.Length != k)
            throw new ArgumentException(
                $"Shapes do not fit: μ [{d}], S [{covariance.GetLength(0)}, {covariance.GetLength(1)}], W [{weights.GetLength(0)}, {k}], b [{bias.Length}], "
                + $"V [{encoderWeights.GetLength(0)}, {encoderWeights.GetLength(1)}], c [{encoderBias.Length}], s² [{encoderVariances.Length}]; need W [D, k], V [k, D].");
        return (d, k);
    }
}
