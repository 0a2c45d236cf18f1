using TorchSharp;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// Sample sizes of <see cref="SpriteDisentanglement.Evaluate"/>. MIG always uses every image of the grid (exact, no
/// sampling); SAP and DCI split the grid into train and test parts (their settings give the share); the FactorVAE score
/// uses its vote counts. <see cref="CategoricalFactors"/> are classified by DCI, the others regressed.
/// </summary>
public sealed record DisentanglementSettings(
    int Bins = MutualInformationGap.DefaultBins,
    SapSettings? Sap = null,
    FactorVaeSettings? FactorVae = null,
    DciSettings? Dci = null,
    IReadOnlyCollection<string>? CategoricalFactors = null)
{
    public IReadOnlyCollection<string> Categorical => CategoricalFactors ?? ["shape"];

    public void Validate()
    {
        if (Bins < 2) throw new ArgumentException($"MIG needs at least 2 bins per latent; got {Bins}.");
        Sap?.Validate();
        FactorVae?.Validate();
        Dci?.Validate();
    }
}

/// <summary>
/// Every disentanglement number of one model on the sprites: MIG (with the latent × factor MI matrix), SAP, the
/// FactorVAE score, DCI, and each latent's KL averaged over the grid (nats), by which latents are ranked in figures.
/// </summary>
public sealed record DisentanglementReport(
    MigResult Mig,
    SapResult Sap,
    FactorVaeResult FactorVae,
    DciResult Dci,
    IReadOnlyList<double> LatentKl,
    int Images)
{
    /// <summary>Latent indices by decreasing average KL (the most used latent first).</summary>
    public int[] LatentsByKl => Enumerable.Range(0, LatentKl.Count).OrderByDescending(j => LatentKl[j]).ToArray();

    /// <summary>Latents with an average KL above <paramref name="nats"/> (default 0.1 nats): the ones the model uses.</summary>
    public int ActiveLatents(double nats = 0.1) => LatentKl.Count(k => k > nats);

    /// <summary>The MIG of one factor by name.</summary>
    public double MigOf(string factor)
    {
        var k = Mig.FactorNames.ToList().IndexOf(factor);
        return k >= 0 ? Mig.PerFactor[k] : throw new ArgumentException($"No factor '{factor}'; the factors are {string.Join(", ", Mig.FactorNames)}.");
    }

    public override string ToString() =>
        $"MIG {Mig.Mean:F3}, SAP {Sap.Mean:F3}, FactorVAE {FactorVae.EvalAccuracy:F3}, DCI D/C/I {Dci.Disentanglement:F3}/{Dci.Completeness:F3}/{Dci.Informativeness:F3}";
}

/// <summary>
/// Scores a Gaussian VAE trained on the sprites with the four metrics of this folder: the
/// encoder means of every image of the full factor grid are the latent codes; the FactorVAE score's batches are looked
/// up in that grid rather than re-rendered.
/// </summary>
public static class SpriteDisentanglement
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="fullGrid"/>, which must be <see cref="Sprites.FullGrid"/>
    /// of its grid (every factor combination once, in grid order).
    /// </summary>
    public static DisentanglementReport Evaluate(ILatentVariableModel model, SpriteDataset fullGrid, DisentanglementSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fullGrid);
        CheckFullGrid(fullGrid.Grid, fullGrid.ToFactorTable());
        var (codes, latentKl) = Encode(model, fullGrid.Images);
        return EvaluateCodes(codes, latentKl, fullGrid, settings);
    }

    /// <summary>
    /// Scores given codes with the four metrics: one row per image of <paramref name="fullGrid"/>, in grid order (for
    /// example a ceiling code made of the true factor values). <paramref name="latentKl"/> ranks the latents in figures;
    /// a code that is not a VAE's has none, so give zeros.
    /// </summary>
    public static DisentanglementReport EvaluateCodes(double[,] codes, IReadOnlyList<double> latentKl, SpriteDataset fullGrid, DisentanglementSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(latentKl);
        ArgumentNullException.ThrowIfNull(fullGrid);
        settings ??= new DisentanglementSettings();
        settings.Validate();
        var grid = fullGrid.Grid;
        var table = fullGrid.ToFactorTable();
        CheckFullGrid(grid, table);
        if (codes.GetLength(0) != table.Count || latentKl.Count != codes.GetLength(1))
            throw new ArgumentException($"Give one code row per image of the grid ({table.Count}) and one KL per latent; got {codes.GetLength(0)} rows, " +
                                        $"{codes.GetLength(1)} latents and {latentKl.Count} KLs.");
        var mig = MutualInformationGap.Compute(codes, table.Indices, table.Names, settings.Bins);
        var sap = SapScore.Compute(codes, table.Indices, table.Names, settings.Sap);
        var dci = Dci.Compute(codes, table.Indices, table.Names, settings.Categorical, settings.Dci);
        var latents = codes.GetLength(1);
        var factorVae = FactorVaeScore.Compute(rows =>
        {
            var result = new double[rows.Length, latents];
            for (var i = 0; i < rows.Length; i++)
            {
                var flat = grid.FlatIndex(rows[i]);
                for (var j = 0; j < latents; j++) result[i, j] = codes[flat, j];
            }
            return result;
        }, table.Sizes, table.Names, settings.FactorVae);
        return new DisentanglementReport(mig, sap, factorVae, dci, latentKl, table.Count);
    }

    /// <summary>Encoder means double[N, D] and each latent's KL(q(z_d|x) ‖ N(0, 1)) averaged over the images.</summary>
    public static (double[,] Codes, double[] LatentKl) Encode(ILatentVariableModel model, Tensor images, int batchSize = 1024)
    {
        if (model is nn.Module module) module.eval();
        using var scope = NewDisposeScope();
        var means = new List<Tensor>();
        Tensor? klSum = null;
        Batches.ForEach(images, batchSize, batch =>
        {
            using var posterior = VaeEvaluation.RequireGaussian(model.Posterior(batch));
            var kl = Kl.Divergence(posterior, model.Prior).PerVariable.to_type(ScalarType.Float64).sum(dim: 0);
            klSum = (klSum is null ? kl : klSum + kl).MoveToOuterDisposeScope();
            means.Add(posterior.mean.MoveToOuterDisposeScope());
        });
        var codes = LatentCodes.FromTensor(cat(means, 0));
        var latentKl = klSum!.data<double>().Select(v => v / images.shape[0]).ToArray();
        return (codes, latentKl);
    }

    private static void CheckFullGrid(SpriteGrid grid, FactorTable table)
    {
        if (table.Count != grid.Count)
            throw new ArgumentException($"Give the full factor grid (Sprites.FullGrid): it has {grid.Count:N0} images, this set {table.Count:N0}.");
        var row = new int[SpriteGrid.FactorCount];
        for (var i = 0; i < table.Count; i += Math.Max(1, table.Count / 97))
        {
            for (var f = 0; f < row.Length; f++) row[f] = table.Indices[i, f];
            if (grid.FlatIndex(row) != i)
                throw new ArgumentException("The sprites are not in grid order; use Sprites.FullGrid(grid) for the evaluation set.");
        }
    }
}
