using System.Globalization;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Plotting;

/// <summary>
/// Latent traversals (Higgins et al. 2017, fig. 1): start from one image's encoder mean, set one latent to each of a
/// row of values while the others stay put, and decode. One row per latent, ordered by the latents' average KL
/// (most used first) and labelled with it, so the rows a model does not use (KL ≈ 0) sink to the bottom.
/// </summary>
public static class LatentTraversal
{
    /// <summary>
    /// The traversal grid of <paramref name="image"/> (a batch of one, [1, …]): rows are the
    /// latents in decreasing <paramref name="latentKl"/> (nats; one per latent), at most <paramref name="maxRows"/>;
    /// columns are <paramref name="values"/> (default −2.5 … 2.5 in 9 steps, in prior standard deviations).
    /// </summary>
    public static ImageGrid Grid(IGaussianVae model, Tensor image, IReadOnlyList<double> latentKl, string title,
        IReadOnlyList<double>? values = null, int maxRows = 10, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (latentKl.Count != model.LatentSize)
            throw new ArgumentException($"Give one KL per latent: the model has {model.LatentSize} latents, got {latentKl.Count} values.");
        if (maxRows < 1) throw new ArgumentException($"Show at least one row; got maxRows = {maxRows}.");
        values ??= Enumerable.Range(0, 9).Select(i => -2.5 + 5.0 * i / 8).ToArray();
        if (values.Count < 2) throw new ArgumentException("Give at least two traversal values.");
        var order = Enumerable.Range(0, latentKl.Count).OrderByDescending(j => latentKl[j]).Take(maxRows).ToArray();

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (image.dim() < 2 || image.shape[0] != 1)
            throw new ArgumentException($"Give one image as a batch of one, [1, …] (e.g. images.narrow(0, i, 1)); got [{string.Join(", ", image.shape)}].");
        var mean = model.Encode(image).Mean; // [1, D]
        var codes = mean.repeat(order.Length * values.Count, 1);
        for (var r = 0; r < order.Length; r++)
            for (var c = 0; c < values.Count; c++)
                codes[r * values.Count + c, order[r]] = values[c];
        var decoded = model.DecoderLikelihood.Mean(model.Decode(codes)).reshape(codes.shape[0], -1);
        var rowLabels = order.Select(j => $"z{j} (KL {latentKl[j].ToString("F2", CultureInfo.InvariantCulture)})").ToArray();
        var columnLabels = values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)).ToArray();
        return ImageGrid.From(decoded, columns: values.Count, scale: scale, title: title, rowLabels: rowLabels, columnLabels: columnLabels);
    }
}
