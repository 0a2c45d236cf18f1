using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Plotting;

/// <summary>
/// The standard pictures of a trained latent-variable model of images, as PNG image grids, drawn from its distributions:
/// reconstructions through the posterior mean, samples of the prior, interpolations between posterior means, and the
/// decoded manifold of a 2-D Gaussian latent. Each decodes with the mean of p(x|z) (a decoder of z alone).
/// </summary>
public static class VaeFigures
{
    /// <summary>Originals (odd rows) above their reconstructions (even rows), using the posterior mean; each row labelled.</summary>
    public static ImageGrid Reconstructions(ILatentVariableModel model, Tensor images, int count = 10, string? title = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        count = (int)Math.Min(count, images.shape[0]);
        var shown = images.narrow(0, 0, count);
        var originals = shown.reshape(count, -1);
        var reconstructed = DecodeMeans(model, PosteriorMeans(model, shown)).reshape(count, -1);
        var rows = new List<Tensor>();
        for (var start = 0; start < count; start += 10)
        {
            var size = Math.Min(10, count - start);
            rows.Add(originals.narrow(0, start, size));
            rows.Add(reconstructed.narrow(0, start, size));
        }
        var labels = Enumerable.Range(0, rows.Count).Select(r => r % 2 == 0 ? "input" : "reconstruction").ToList();
        return ImageGrid.From(cat(rows, 0), columns: Math.Min(10, count), title: title ?? "originals (odd rows) and reconstructions (even rows)", rowLabels: labels);
    }

    /// <summary>Decoder means for z drawn from the prior p(z) (N(0, I) for a Gaussian VAE).</summary>
    public static ImageGrid PriorSamples(ILatentVariableModel model, int count = 50, int seed = 0, string? title = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var z = model.Prior.sample(count, generator);
        return ImageGrid.From(DecodeMeans(model, z).reshape(count, -1), columns: 10, title: title ?? "samples from the prior");
    }

    /// <summary>Decoder means along the straight line between the posterior means of image pairs (one row per pair).</summary>
    /// <param name="rowLabels">Optional, one per pair (e.g. "1 → 7").</param>
    public static ImageGrid Interpolation(ILatentVariableModel model, Tensor from, Tensor to, int steps = 10, IReadOnlyList<string>? rowLabels = null, string? title = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (from.shape[0] != to.shape[0]) throw new ArgumentException($"Give as many start images as end images; got {from.shape[0]} and {to.shape[0]}.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (a, b) = (PosteriorMeans(model, from), PosteriorMeans(model, to));              // [P, latent…]
        var latentShape = a.shape[1..];
        var t = linspace(0, 1, steps).reshape([1, steps, .. latentShape.Select(_ => 1L)]);
        var z = a.unsqueeze(1) * (1 - t) + b.unsqueeze(1) * t;                             // [P, steps, latent…]
        var decoded = DecodeMeans(model, z.reshape([from.shape[0] * steps, .. latentShape])).reshape(from.shape[0] * steps, -1);
        return ImageGrid.From(decoded, columns: steps, title: title ?? "interpolation in latent space", rowLabels: rowLabels);
    }

    /// <summary>
    /// The decoded manifold of a 2-D Gaussian latent: z on an n × n grid of standard-normal quantiles (so equal areas
    /// of prior mass), as in Kingma &amp; Welling (2013), figure 4.
    /// </summary>
    public static ImageGrid Manifold(ILatentVariableModel model, int n = 15, int scale = 1)
    {
        if (model.Prior is not StandardNormal { LatentSize: 2 })
            throw new ArgumentException($"The manifold grid needs a 2-D latent with the prior N(0, I); this model's prior is {Describe(model.Prior)}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var quantiles = Math.Sqrt(2) * special.erfinv(2 * linspace(0.05, 0.95, n) - 1);   // Φ⁻¹ on (0.05 … 0.95)
        var rows = quantiles.flip(0).unsqueeze(1).expand(n, n);                              // z₂ decreases down the page
        var columns = quantiles.unsqueeze(0).expand(n, n);
        var z = stack([columns, rows], 2).reshape(n * n, 2).to_type(ScalarType.Float32);
        return ImageGrid.From(DecodeMeans(model, z).reshape(n * n, -1), columns: n, scale: scale, padding: 1, title: "decoded manifold (z₁ left→right, z₂ bottom→top)");
    }

    private static Tensor PosteriorMeans(ILatentVariableModel model, Tensor images)
    {
        using var posterior = model.Posterior(images);
        return posterior.mean.alias();
    }

    private static Tensor DecodeMeans(ILatentVariableModel model, Tensor z)
    {
        using var likelihood = model.Likelihood(z);
        return likelihood.mean;
    }

    private static string Describe(Distribution prior) => prior is StandardNormal normal ? $"N(0, I) over {normal.LatentSize} dimensions" : $"a {prior.GetType().Name}";
}
