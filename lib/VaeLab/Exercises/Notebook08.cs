using TorchSharp;
using VaeLab.Evaluation.Ood;
using static TorchSharp.torch;

namespace VaeLab.Exercises;

/// <summary>Checks for the exercises of notebook 08 (applications: OOD detection, graphs, the frontier).</summary>
public static class Notebook08
{
    /// <summary>
    /// Exercise 1: turn a log-likelihood (nats) into a detection score, higher = more anomalous. Checked on a toy set
    /// where the OOD images have the lower likelihoods: the student's score must separate them perfectly (AUROC 1).
    /// </summary>
    public static ExerciseCheck DetectionScore(Func<double, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        double[] inLogLikelihood = [-700, -710, -690, -705], outLogLikelihood = [-900, -950, -880];
        var auroc = DetectionMetrics.RocAuc(inLogLikelihood.Select(score).ToArray(), outLogLikelihood.Select(score).ToArray());
        return auroc switch
        {
            1.0 => ExerciseCheck.Pass("higher score = less likely = more anomalous; the toy OOD images are all flagged first (AUROC 1)."),
            0.0 => ExerciseCheck.NotYet("your score ranks the OOD images last (AUROC 0): DetectionMetrics wants higher = more anomalous, so flip the sign."),
            _ => ExerciseCheck.NotYet($"your score gives AUROC {auroc:F2} on a toy set a likelihood separates perfectly; use a decreasing function of log p(x)."),
        };
    }

    /// <summary>
    /// Exercise 2: Serrà et al.'s score from −log₂ p(x) and the compressed length L(x), both in bits.
    /// </summary>
    public static ExerciseCheck ComplexityScore(Func<double, double, double> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        (double Nll, double Length)[] cases = [(2000, 1500), (1200, 600), (900, 950), (3000, 3000)];
        foreach (var (nll, length) in cases)
        {
            var got = score(nll, length);
            if (Math.Abs(got - (nll - length)) > 1e-9)
                return ExerciseCheck.NotYet($"for −log₂ p(x) = {nll} and L(x) = {length} bits your score is {got}; S(x) subtracts the compressor's bits from the model's.");
        }
        return ExerciseCheck.Pass("S(x) = −log₂ p(x) − L(x): how many bits the model needs beyond a generic compressor.");
    }

    /// <summary>Exercise 3: the VGAE decoder's probability that nodes i and j are joined, from their latents.</summary>
    public static ExerciseCheck EdgeProbability(Func<Tensor, Tensor, double> probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        (float[] Zi, float[] Zj)[] cases = [([1f, 2f], [0.5f, 0.25f]), ([1f, -1f, 0f], [2f, 1f, 3f]), ([-2f, 0f], [1.5f, 4f])];
        foreach (var (a, b) in cases)
        {
            using var zi = tensor(a);
            using var zj = tensor(b);
            var expected = 1 / (1 + Math.Exp(-a.Zip(b, (x, y) => (double)x * y).Sum()));
            var got = probability(zi, zj);
            if (!(Math.Abs(got - expected) < 1e-5))
                return ExerciseCheck.NotYet($"for z_i = [{string.Join(", ", a)}], z_j = [{string.Join(", ", b)}] you give {got:G4}; the inner-product decoder gives {expected:G4}.");
        }
        return ExerciseCheck.Pass("p(A_ij = 1 | z_i, z_j) = σ(z_i · z_j), Kipf & Welling's inner-product decoder.");
    }

    /// <summary>
    /// Exercise 4: how many times fewer bits a grid of discrete codes takes than the image it encodes, as a function of
    /// the image (pixels, bits per pixel) and the grid (codes, codebook size K). Checked on image and grid sizes the
    /// notebook does not use (all K powers of two, so log₂ K is whole); the hint names the reasoning that went wrong.
    /// </summary>
    public static ExerciseCheck CompressionRatio(Func<int, int, int, int, double> ratio)
    {
        ArgumentNullException.ThrowIfNull(ratio);
        (int Pixels, int BitsPerPixel, int Codes, int CodebookSize)[] cases =
            [(1024, 8, 64, 1024), (784, 8, 16, 4096), (3072, 8, 256, 512), (4096, 16, 256, 64)];
        foreach (var (pixels, bitsPerPixel, codes, codebookSize) in cases)
        {
            var expected = pixels * (double)bitsPerPixel / (codes * Math.Log2(codebookSize));
            double got;
            try { got = ratio(pixels, bitsPerPixel, codes, codebookSize); }
            catch (Exception e) { return ExerciseCheck.NotYet($"your function threw {e.GetType().Name}: {e.Message}"); }
            if (Math.Abs(got - expected) <= 1e-6 * expected) continue;
            var where = $"for an image of {pixels:N0} pixels at {bitsPerPixel} bits and a grid of {codes} codes from K = {codebookSize:N0}";
            if (Math.Abs(got - pixels / (double)codes) < 1e-6 * pixels)
                return ExerciseCheck.NotYet($"{where} you compare numbers of values; a pixel and a code carry different numbers of bits: compare bits with bits.");
            if (Math.Abs(got * expected - 1) < 1e-6)
                return ExerciseCheck.NotYet($"{where} your ratio is below 1: the image is the larger of the two, so divide its bits by the grid's.");
            if (Math.Abs(got - pixels * (double)bitsPerPixel / ((double)codes * codebookSize)) < 1e-9 * expected)
                return ExerciseCheck.NotYet($"{where} you charge K bits per code; a code is an index into K entries, and an index into K things takes log₂ K bits.");
            return ExerciseCheck.NotYet($"{where} you give {got:G4}; count the image's bits (pixels × bits per pixel) and the grid's (codes × bits per code).");
        }
        var grid = Models.VqVaeOptions.Notebook07;
        return ExerciseCheck.Pass($"ratio = pixels · bits per pixel / (codes · log₂ K). Notebook 07's grid ({grid.CodeGrid.Height} × {grid.CodeGrid.Width} codes from " +
            $"K = {grid.CodebookSize} for a 28 × 28 image of 8-bit pixels): {ratio(784, 8, grid.CodePositions, grid.CodebookSize):F2}×.");
    }

    /// <summary>
    /// Exercise 5: predict the edge density of a graph whose node latents are drawn from the VGAE's prior N(0, I) and
    /// whose edges are drawn from the inner-product decoder σ(z_i · z_j). <paramref name="measuredDensity"/> is the
    /// density of the graph the notebook drew; the check accepts a prediction within 0.05 of it and never shows it.
    /// </summary>
    public static ExerciseCheck PriorGraphDensity(double prediction, double measuredDensity, double trainingDensity)
    {
        if (!(measuredDensity >= 0 && measuredDensity <= 1) || !(trainingDensity >= 0 && trainingDensity <= 1))
            throw new ArgumentException($"Densities lie in [0, 1]; got measured {measuredDensity}, training {trainingDensity}.");
        if (double.IsNaN(prediction))
            return ExerciseCheck.NotYet("write your prediction first: the share of all node pairs that will be edges, a number between 0 and 1.");
        if (!(prediction >= 0 && prediction <= 1))
            return ExerciseCheck.NotYet($"{prediction:G4} is not a density: a density is the share of node pairs that are joined, between 0 and 1.");
        if (Math.Abs(prediction - measuredDensity) <= 0.05)
            return ExerciseCheck.Pass("z_i · z_j of two independent N(0, I) latents is symmetric around 0, and σ of a variable symmetric around 0 " +
                "averages ½: the prior makes about half of all pairs edges — it knows nothing of the sparse graph the model was trained on.");
        if (Math.Abs(prediction - trainingDensity) <= 0.02)
            return ExerciseCheck.NotYet("that is about the training graph's density; the prior p(z) = N(0, I) never saw the graph. " +
                "Ask what z_i · z_j looks like when z_i and z_j are independent standard normal vectors.");
        return ExerciseCheck.NotYet("not what the drawn graph shows. For independent z_i, z_j ~ N(0, I), where is the distribution of z_i · z_j centred, " +
            "is it symmetric, and what is the average of σ(t) over a t symmetric around 0?");
    }
}
