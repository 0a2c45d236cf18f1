using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Models;

/// <summary>Model outputs built by hand for objective tests: given terms, and a Gaussian latent part with a given KL per dimension.</summary>
internal static class TestOutputs
{
    /// <summary>An output whose latent part reports <paramref name="klPerDimension"/> [N, D] (closed form) under a standard-normal stand-in.</summary>
    public static ModelOutput WithKlPerDimension(IReadOnlyDictionary<Term, Tensor> terms, Tensor klPerDimension)
    {
        var (n, d) = (klPerDimension.shape[0], klPerDimension.shape[1]);
        var posterior = DiagonalNormal.FromLogVariance(zeros(n, d), zeros(n, d));
        var latent = new LatentOutput(posterior, new StandardNormal(d), zeros(n, d), new StandardNormal(d), new KlDivergence(klPerDimension, KlMethod.ClosedForm));
        return new ModelOutput(terms, latent);
    }
}
